package dev.assetkit.cli;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.AssetsSettings;
import dev.assetkit.PushResult;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import dev.assetkit.spi.VersioningSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code new} and {@code update}: say what will be pushed, ask (unless -y or --dry-run), pull a
 * remote source if one was given, push, and report.
 */
abstract class PublishCommand extends AssetsCommand {
  @Parameters(
      index = "0",
      paramLabel = "PATH",
      description = {
        "A local file or folder, or a remote source:",
        "  s3://BUCKET/KEY  gs://BUCKET/KEY  az://CONTAINER/KEY",
        "(the object KEY, else every object under KEY/)."
      })
  String path;

  @Option(
      names = "--dry-run",
      description = "Show what would be pushed; write nothing (and pull no remote source).")
  boolean dryRun;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation (required when stdin is not a terminal).")
  boolean yes;

  @Option(
      names = "--json",
      description =
          "Print {\"name\", \"version\", \"uri\", \"dry_run\", \"files\", \"size\","
              + " \"lost_versions\", \"meta\"} as JSON.")
  boolean json;

  /** Parses NAME and refuses what this command does not take. */
  abstract AssetSpec checkedName(VersioningSystem versioning);

  /** Says what exists (on stderr) and returns the version a push would get. */
  abstract String plan(RemoteAssetsStore store, AssetSpec spec);

  /** Pushes for real or as a dry run. */
  abstract PushResult push(RemoteAssetsStore store, Path source, AssetSpec spec);

  @Override
  public Integer call() {
    requireConfirmable(yes, dryRun);
    AssetsSettings settings = settings();
    AssetSpec spec = checkedName(settings.versioning());
    requireStore();
    boolean remote = RemoteSource.isRemote(path);
    Path local = remote ? null : context().workingDir().resolve(path);
    if (local != null && !Files.exists(local)) {
      throw new AssetNotFoundException(
          "nothing to push: " + path + " does not exist; give a file, a folder or s3://...");
    }
    if (local != null && !dryRun) {
      QuickCompilation.beforePushing(local); // before the walk, if the move is large
    }
    TransferListener progress = progress(json);
    try (RemoteSource source =
            remote ? RemoteSource.open(path, settings, context().registry()) : null;
        RemoteAssetsStore store = openStore(progress)) {
      String planned = plan(store, spec);
      String target = spec.name() + ":" + planned;
      if (!quiet()) {
        // A walk of the local source just for this note: skipped with -q (10,000 stats fewer).
        LocalSize size = source != null ? null : LocalSize.of(local);
        long files = source != null ? source.files() : size.files();
        long bytes = source != null ? source.bytes() : size.bytes();
        note(
            "Will push "
                + (source != null ? source.uri() : local)
                + " ("
                + Format.count(files, "file")
                + ", "
                + Format.bytes(bytes)
                + ") as "
                + target
                + " to "
                + uri(store));
      }
      if (dryRun && source != null) {
        reportRemoteDryRun(spec, planned, source.files(), source.bytes(), source, store);
        return 0;
      }
      if (!dryRun && !yes && !confirm("Push " + target + "?")) {
        note("Nothing was pushed.");
        return 1;
      }
      Path pushed =
          source != null
              ? source.pull(context().tempDir(), progress, settings.transferParallelism())
              : local;
      PushResult result = push(store, pushed, spec);
      report(result, planned);
    }
    return 0;
  }

  private void report(PushResult result, String planned) {
    List<AssetMeta.FileEntry> pushed = result.meta().files();
    long bytes = pushed.stream().mapToLong(f -> f.size().orElse(0)).sum();
    String what = Format.count(pushed.size(), "file") + ", " + Format.bytes(bytes);
    if (!result.version().equals(planned) && !result.lostVersions().isEmpty()) {
      note(
          "note: "
              + String.join(", ", result.lostVersions())
              + " was already claimed (by another push running meanwhile, or one that stopped"
              + " before it finished); pushed "
              + result.version()
              + " instead");
    }
    if (json) {
      printJson(Documents.push(result));
      return;
    }
    String target = result.name() + ":" + result.version();
    if (result.dryRun()) {
      out()
          .println(
              "Dry run: would push "
                  + target
                  + " ("
                  + what
                  + ") to "
                  + result.uri()
                  + "; nothing was written");
    } else {
      out().println("Pushed " + target + " (" + what + ") to " + result.uri());
    }
    out().flush();
  }

  private void reportRemoteDryRun(
      AssetSpec spec,
      String planned,
      long files,
      long bytes,
      RemoteSource source,
      RemoteAssetsStore store) {
    String target = spec.name() + ":" + planned;
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", spec.name());
      document.put("version", planned);
      document.put("uri", uri(store));
      document.put("dry_run", true);
      document.put("files", files);
      document.put("size", bytes);
      document.put("lost_versions", List.of());
      document.put("source", source.uri());
      printJson(document);
      return;
    }
    out()
        .println(
            "Dry run: would pull "
                + Format.count(files, "file")
                + " ("
                + Format.bytes(bytes)
                + ") from "
                + source.uri()
                + " and push them as "
                + target
                + "; nothing was downloaded or written");
    out().flush();
  }

  /** Existing versions for people: grouped by major for major_minor, as modelkit shows them. */
  void describeVersions(String name, List<String> latestFirst, String uri) {
    note(
        "Asset "
            + name
            + " in "
            + uri
            + " has "
            + Format.count(latestFirst.size(), "version")
            + ":");
    if (settings().versioning().name().equals("major_minor")) {
      Map<String, List<String>> byMajor = new LinkedHashMap<>();
      for (String version : latestFirst) {
        String major = version.substring(0, version.indexOf('.'));
        byMajor.computeIfAbsent(major, m -> new ArrayList<>()).add(version);
      }
      byMajor.forEach(
          (major, versions) -> note("  major " + major + ": " + String.join(", ", versions)));
    } else {
      note("  " + Format.versions(latestFirst, 20));
    }
  }

  /** How many files a local source holds and their bytes, counted as the push will count them. */
  private record LocalSize(long files, long bytes) {

    /**
     * One walk, reading each entry's attributes once, where counting and summing in two {@code
     * Files.walk} passes stat every file five times (10,000 files: 50,000 calls before the push).
     */
    static LocalSize of(Path root) {
      try {
        if (!Files.isDirectory(root)) {
          return new LocalSize(1, Files.size(root));
        }
        long[] totals = new long[2];
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                  throws IOException {
                // A symbolic link to a file is pushed as that file, as SourceScanner does.
                if (attributes.isRegularFile()) {
                  totals[0]++;
                  totals[1] += attributes.size();
                } else if (attributes.isSymbolicLink() && Files.isRegularFile(file)) {
                  totals[0]++;
                  totals[1] += Files.size(file);
                }
                return FileVisitResult.CONTINUE;
              }
            });
        return new LocalSize(totals[0], totals[1]);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
