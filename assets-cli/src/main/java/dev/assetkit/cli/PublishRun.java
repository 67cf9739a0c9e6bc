package dev.assetkit.cli;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.AssetsSettings;
import dev.assetkit.PushResult;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code assets new} and {@code assets update} do once their arguments are known, free of
 * picocli: say what will be pushed, ask (unless -y or --dry-run), pull a remote source if one was
 * given, push, and report. {@link PublishCommand} runs it after picocli's parse, {@link FastPath}
 * for the plain forms without building picocli's model. Failures are thrown, for the caller to
 * report with {@link Failures}.
 */
final class PublishRun {
  /** The flags both commands take. */
  record Flags(boolean dryRun, boolean yes, boolean json) {}

  private final Console console;
  private final AssetsSettings settings;
  private final int verbosity;
  private final String commandName;

  /** A run of {@code commandName} ({@code assets new} or {@code assets update}). */
  PublishRun(Console console, AssetsSettings settings, int verbosity, String commandName) {
    this.console = console;
    this.settings = settings;
    this.verbosity = verbosity;
    this.commandName = commandName;
  }

  /**
   * Pushes {@code path} as {@code publication} says; returns the exit code (1: answered no). The
   * caller has checked that a confirmation can be given if one is needed ({@link
   * Console#requireConfirmable}): picocli's commands do it before building the settings, so that
   * this error comes first.
   */
  int run(Publication publication, String path, Flags flags) {
    AssetSpec spec = publication.checkedName(settings.versioning());
    Stores.require(settings, commandName);
    CliContext context = console.context();
    boolean remote = RemoteSource.isRemote(path);
    Path local = remote ? null : context.workingDir().resolve(path);
    if (local != null && !Files.exists(local)) {
      throw new AssetNotFoundException(
          "nothing to push: " + path + " does not exist; give a file, a folder or s3://...");
    }
    if (local != null && !flags.dryRun()) {
      QuickCompilation.beforePushing(local); // before the walk, if the move is large
    }
    TransferListener progress = console.progress(flags.json());
    if (remote) {
      Stores.quietLibraries(
          RemoteSource.providerOf(path), verbosity); // its driver reads the source
    }
    try (RemoteSource source =
            remote ? RemoteSource.open(path, settings, context.registry()) : null;
        RemoteAssetsStore store = Stores.open(settings, context, verbosity, progress)) {
      String planned = publication.plan(store, spec, settings, console);
      String target = spec.name() + ":" + planned;
      if (!console.quiet()) {
        // A walk of the local source just for this note: skipped with -q (10,000 stats fewer).
        LocalSize size = source != null ? null : LocalSize.of(local);
        long files = source != null ? source.files() : size.files();
        long bytes = source != null ? source.bytes() : size.bytes();
        console.note(
            "Will push "
                + (source != null ? source.uri() : local)
                + " ("
                + Format.count(files, "file")
                + ", "
                + Format.bytes(bytes)
                + ") as "
                + target
                + " to "
                + Stores.uri(store));
      }
      if (flags.dryRun() && source != null) {
        reportRemoteDryRun(spec, planned, source, store, flags.json());
        return 0;
      }
      if (!flags.dryRun() && !flags.yes() && !console.confirm("Push " + target + "?")) {
        console.note("Nothing was pushed.");
        return 1;
      }
      Path pushed =
          source != null
              ? source.pull(context.tempDir(), progress, settings.transferParallelism())
              : local;
      PushResult result = publication.push(store, pushed, spec, flags.dryRun());
      report(result, planned, flags.json());
    }
    return 0;
  }

  private void report(PushResult result, String planned, boolean json) {
    List<AssetMeta.FileEntry> pushed = result.meta().files();
    long bytes = 0;
    for (AssetMeta.FileEntry file : pushed) {
      bytes += file.size().orElse(0);
    }
    String what = Format.count(pushed.size(), "file") + ", " + Format.bytes(bytes);
    if (!result.version().equals(planned) && !result.lostVersions().isEmpty()) {
      console.note(
          "note: "
              + String.join(", ", result.lostVersions())
              + " was already claimed (by another push running meanwhile, or one that stopped"
              + " before it finished); pushed "
              + result.version()
              + " instead");
    }
    if (json) {
      console.printJson(Documents.push(result));
      return;
    }
    String target = result.name() + ":" + result.version();
    if (result.dryRun()) {
      console
          .out()
          .println(
              "Dry run: would push "
                  + target
                  + " ("
                  + what
                  + ") to "
                  + result.uri()
                  + "; nothing was written");
    } else {
      console.out().println("Pushed " + target + " (" + what + ") to " + result.uri());
    }
    console.out().flush();
  }

  private void reportRemoteDryRun(
      AssetSpec spec, String planned, RemoteSource source, RemoteAssetsStore store, boolean json) {
    String target = spec.name() + ":" + planned;
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", spec.name());
      document.put("version", planned);
      document.put("uri", Stores.uri(store));
      document.put("dry_run", true);
      document.put("files", source.files());
      document.put("size", source.bytes());
      document.put("lost_versions", List.of());
      document.put("source", source.uri());
      console.printJson(document);
      return;
    }
    console
        .out()
        .println(
            "Dry run: would pull "
                + Format.count(source.files(), "file")
                + " ("
                + Format.bytes(source.bytes())
                + ") from "
                + source.uri()
                + " and push them as "
                + target
                + "; nothing was downloaded or written");
    console.out().flush();
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
