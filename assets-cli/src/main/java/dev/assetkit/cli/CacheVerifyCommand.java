package dev.assetkit.cli;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetMeta.FileEntry;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.IntegrityException;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import dev.assetkit.cli.LocalCache.LocalAsset;
import dev.assetkit.cli.LocalCache.LocalVersion;
import dev.assetkit.internal.cache.LocalCacheLayout;
import dev.assetkit.internal.transfer.Hashing;
import dev.assetkit.internal.transfer.TransferPool;
import dev.assetkit.spi.VersioningSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Re-hash the complete local versions (or those SPEC designates) against their metas in the"
          + " store: missing, extra, resized or altered files are reported, with exit code 5.",
      "Needs the store for the metas. Versions pushed by modelkit have no checksums: only their"
          + " files' presence is checked."
    })
final class CacheVerifyCommand extends AssetsCommand {
  @Parameters(
      arity = "0..1",
      paramLabel = "SPEC",
      description = "An asset (all its local versions), name:1 (latest local 1.x) or name:1.2.")
  String spec;

  @Option(
      names = "--json",
      description =
          "Print [{\"name\", \"version\", \"path\", \"status\": ok|mismatch|unchecked,"
              + " \"checksums\", \"problems\": [...]}] as JSON.")
  boolean json;

  private record Outcome(
      LocalVersion version, String status, boolean checksums, List<String> problems) {}

  @Override
  public Integer call() {
    requireStore();
    List<LocalVersion> selected = select();
    List<Outcome> outcomes = new ArrayList<>();
    try (RemoteAssetsStore store = openStore(TransferListener.NONE);
        TransferPool pool = new TransferPool("verify", settings().transferParallelism())) {
      for (LocalVersion version : selected) {
        Outcome outcome = verify(store, pool, version);
        outcomes.add(outcome);
        if (!json) {
          printOutcome(outcome);
        }
      }
    }
    if (json) {
      List<Object> document = new ArrayList<>();
      for (Outcome outcome : outcomes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", outcome.version().name());
        doc.put("version", outcome.version().version());
        doc.put("path", outcome.version().path().toString());
        doc.put("status", outcome.status());
        doc.put("checksums", outcome.checksums());
        doc.put("problems", outcome.problems());
        document.add(doc);
      }
      printJson(document);
    }
    List<String> bad =
        outcomes.stream()
            .filter(o -> o.status().equals("mismatch"))
            .map(o -> o.version().spec())
            .toList();
    long unchecked = outcomes.stream().filter(o -> o.status().equals("unchecked")).count();
    if (!bad.isEmpty()) {
      throw new IntegrityException(
          bad.size()
              + " of "
              + outcomes.size()
              + " local versions do not match their meta: "
              + String.join(", ", bad)
              + "; download them again with 'assets fetch SPEC --download'");
    }
    if (!json) {
      out()
          .println(
              Format.count(outcomes.size() - unchecked, "version")
                  + " verified"
                  + (unchecked > 0 ? ", " + unchecked + " unchecked (no meta in the store)" : "")
                  + " in "
                  + settings().assetsDir());
      out().flush();
    }
    return 0;
  }

  private List<LocalVersion> select() {
    LocalCache cache = new LocalCache(settings().assetsDir());
    if (spec == null) {
      List<LocalVersion> all = new ArrayList<>();
      for (LocalAsset asset : cache.assets()) {
        asset.versions().stream().filter(LocalVersion::complete).forEach(all::add);
      }
      return all;
    }
    VersioningSystem versioning = settings().versioning();
    AssetSpec parsed = AssetSpec.parse(spec, versioning);
    List<String> local = cache.layout().localVersions(parsed.name(), versioning, false);
    if (local.isEmpty()) {
      throw new AssetNotFoundException(
          "no complete local version of '"
              + parsed.name()
              + "' in "
              + settings().assetsDir()
              + "; 'assets cache list' shows what is there");
    }
    List<String> chosen =
        parsed.version().isEmpty()
            ? local
            : List.of(versioning.resolve(parsed.name(), parsed.version(), local));
    LocalCacheLayout layout = cache.layout();
    return chosen.stream()
        .map(
            v ->
                new LocalVersion(
                    parsed.name(),
                    v,
                    layout.versionPath(parsed.name(), v),
                    true,
                    Files.isDirectory(layout.versionPath(parsed.name(), v))))
        .toList();
  }

  private Outcome verify(RemoteAssetsStore store, TransferPool pool, LocalVersion version) {
    AssetMeta meta;
    try {
      meta = store.meta(version.spec());
    } catch (AssetNotFoundException e) {
      return new Outcome(
          version, "unchecked", false, List.of("no meta in the store: " + e.getMessage()));
    }
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    Path root = version.path();
    if (meta.directory() != version.directory()) {
      problems.add(
          "the meta says "
              + (meta.directory() ? "a directory" : "a single file")
              + " but the cache holds "
              + (version.directory() ? "a directory" : "a file"));
      return new Outcome(version, "mismatch", meta.verifiable(), List.copyOf(problems));
    }
    List<TransferPool.Task> tasks = new ArrayList<>();
    Set<String> expected = new TreeSet<>();
    for (FileEntry entry : meta.files()) {
      Path local = meta.directory() ? inside(root, entry.path()) : root;
      String label = meta.directory() ? entry.path() : version.spec();
      expected.add(entry.path());
      tasks.add(() -> check(entry, local, label, problems));
    }
    pool.runAll(tasks);
    if (meta.directory()) {
      for (String extra : extraFiles(root, expected)) {
        problems.add(extra + ": not in the meta");
      }
    }
    List<String> sorted = new ArrayList<>(problems);
    Collections.sort(sorted);
    return new Outcome(version, sorted.isEmpty() ? "ok" : "mismatch", meta.verifiable(), sorted);
  }

  private static void check(FileEntry entry, Path local, String label, List<String> problems)
      throws IOException {
    if (!Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(label + ": missing");
      return;
    }
    long size = Files.size(local);
    if (entry.size().isPresent() && entry.size().getAsLong() != size) {
      problems.add(label + ": " + size + " bytes, the meta says " + entry.size().getAsLong());
      return;
    }
    if (entry.sha256().isPresent()) {
      String actual = Hashing.sha256(local);
      if (!actual.equals(entry.sha256().get())) {
        problems.add(label + ": sha256 " + actual + ", the meta says " + entry.sha256().get());
      }
    }
  }

  private static List<String> extraFiles(Path root, Set<String> expected) {
    List<String> extra = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.equals(LocalCacheLayout.MARKER) && !expected.contains(p))
          .sorted()
          .forEach(extra::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return extra;
  }

  private static Path inside(Path root, String relative) {
    Path path = root;
    for (String segment : relative.split("/")) {
      path = path.resolve(segment);
    }
    return path;
  }

  private void printOutcome(Outcome outcome) {
    String label = outcome.version().spec();
    switch (outcome.status()) {
      case "ok" ->
          out()
              .println(
                  "ok         "
                      + label
                      + (outcome.checksums()
                          ? ""
                          : "  (the meta has no checksums: presence checked only)"));
      case "unchecked" -> out().println("unchecked  " + label + "  (no meta in the store)");
      default -> {
        out().println("MISMATCH   " + label);
        for (String problem : outcome.problems()) {
          out().println("  " + problem);
        }
      }
    }
    out().flush();
  }
}
