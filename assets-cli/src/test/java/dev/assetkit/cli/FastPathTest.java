package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.StorageDriverRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The picocli-free path of {@code fetch} prints and exits exactly as the full command line would,
 * or leaves the arguments to it having printed nothing.
 */
class FastPathTest extends CliTest {
  /** One run of the fast path; empty exit code when it left the arguments to picocli. */
  private record FastRun(Optional<Integer> exitCode, String out, String err) {}

  private FastRun fast(CliContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Optional<Integer> exitCode =
        FastPath.tryRun(context, args, new PrintWriter(out), new PrintWriter(err));
    return new FastRun(exitCode, out.toString(), err.toString());
  }

  /** The configured store, with a driver that fails the test if anything asks for it. */
  private CliContext withoutDriver(Map<String, String> env) {
    return CliContext.of(env, work)
        .withRegistry(StorageDriverRegistry.of(List.of(FakeProviders.forbidden("local"))));
  }

  /** Both paths, each from the same empty cache, print the same bytes and exit the same way. */
  private void sameAsFullPath(Map<String, String> env, String... args) throws IOException {
    String label = String.join(" ", args);
    clear(assets);
    FastRun fast = fast(CliContext.of(env, work).withRegistry(registry()), args);
    clear(assets);
    Run full = Run.of(CliContext.of(env, work).withRegistry(registry()), args);
    assertEquals(Optional.of(full.exitCode()), fast.exitCode(), label + "\n" + full);
    assertEquals(full.out(), fast.out(), label);
    assertEquals(full.err(), fast.err(), label);
  }

  /**
   * Both paths, each on a store holding what {@code versions} versions of m/x make, print the same
   * (but for push dates and ids) and leave the same objects in the store.
   */
  private void samePushAsFullPath(int versions, Map<String, String> env, String... args)
      throws IOException {
    String label = String.join(" ", args);
    clear(bucket);
    pushVersions("m/x", versions);
    FastRun fast = fast(CliContext.of(env, work).withRegistry(registry()), args);
    List<String> fastObjects = objects();
    clear(bucket);
    pushVersions("m/x", versions);
    Run full = Run.of(CliContext.of(env, work).withRegistry(registry()), args);
    assertEquals(Optional.of(full.exitCode()), fast.exitCode(), label + "\n" + full);
    assertEquals(withoutDates(full.out()), withoutDates(fast.out()), label);
    assertEquals(full.err(), fast.err(), label);
    assertEquals(objects(), fastObjects, label);
  }

  /** Without what differs between any two pushes: their dates and publish ids. */
  private static String withoutDates(String text) {
    return text.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.+]+Z?", "DATE")
        .replaceAll("\"publish_id\": \"[^\"]+\"", "\"publish_id\": ID");
  }

  private List<String> objects() throws IOException {
    try (Stream<Path> paths = Files.walk(bucket)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> bucket.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static void clear(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!path.equals(root)) {
          Files.delete(path);
        }
      }
    }
  }

  @Test
  void cachedPinnedSpecs_areAnsweredWithoutADriver() throws IOException {
    pushVersions("m/x", 1);
    run("fetch", "m/x:0.0");
    List<List<String>> cases =
        List.of(
            List.of("fetch", "m/x:0.0"),
            List.of("fetch", "m/x:0.0[sub/b.txt]", "--json"),
            List.of("fetch", "-q", "m/x:0.0", "--json"),
            List.of("fetch", "m/x:0.0", "--assets-dir=" + assets, "--provider", "local"));
    for (List<String> args : cases) {
      String[] argv = args.toArray(String[]::new);
      FastRun fast = fast(withoutDriver(env()), argv);
      Run full = run(argv);
      assertEquals(Optional.of(0), fast.exitCode(), args + fast.err());
      assertEquals(full.out(), fast.out(), args.toString());
      assertEquals("", fast.err());
    }
  }

  @Test
  void downloadsAndFailures_printWhatTheFullCommandLinePrints() throws IOException {
    pushVersions("m/x", 2);
    Map<String, String> forced = env();
    forced.put("ASSETS_STORAGE_FORCE_DOWNLOAD", "yes");
    Map<String, String> noStore = env();
    noStore.remove("ASSETS_STORAGE_PROVIDER");
    noStore.remove("ASSETS_STORAGE_BUCKET");
    sameAsFullPath(env(), "fetch", "m/x"); // latest: the index, then the download
    sameAsFullPath(env(), "fetch", "m/x:0", "-q");
    sameAsFullPath(env(), "fetch", "m/x:0.1", "--json"); // with the meta, from_cache false
    sameAsFullPath(env(), "fetch", "m/x:0.0[sub/b.txt]");
    sameAsFullPath(env(), "fetch", "--download", "m/x:0.0");
    sameAsFullPath(forced, "fetch", "m/x:0.0");
    sameAsFullPath(env(), "fetch", "m/x:0.0[nope]"); // missing sub-part: exit 3
    sameAsFullPath(env(), "fetch", "m/x:7.3"); // missing version, with those available
    sameAsFullPath(env(), "fetch", "nope/y:1.0"); // missing asset
    sameAsFullPath(env(), "fetch", "m//x:0.0"); // invalid spec: the caret under the fault
    sameAsFullPath(noStore, "fetch", "m/x:0.0"); // neither cached nor any store to ask

    clear(assets);
    FastRun download =
        fast(CliContext.of(env(), work).withRegistry(registry()), "fetch", "m/x:0.0");
    assertEquals(assets.resolve("m/x/0.0") + "\n", download.out().replace("\r", ""));
    assertTrue(Files.exists(assets.resolve("m/x/0.0/.SUCCESS")));
    assertEquals("b0", read(assets.resolve("m/x/0.0/sub/b.txt")));
  }

  @Test
  void pushes_printWhatTheFullCommandLinePrints_andWriteTheSameObjects() throws IOException {
    String source = sourceDir("next", "new a", "new b").toString();
    Map<String, String> noStore = env();
    noStore.remove("ASSETS_STORAGE_PROVIDER");
    samePushAsFullPath(1, env(), "new", source, "m/n", "-y");
    samePushAsFullPath(1, env(), "new", "-q", source, "m/n", "--yes");
    samePushAsFullPath(1, env(), "new", source, "m/n", "--dry-run");
    samePushAsFullPath(1, env(), "new", source, "m/n", "-y", "--json");
    samePushAsFullPath(1, env(), "new", source, "m/x", "-y"); // exists: exit 4
    samePushAsFullPath(1, env(), "new", source, "m/n:1.0", "-y"); // a version given: exit 2
    samePushAsFullPath(1, env(), "new", work.resolve("gone").toString(), "m/n", "-y"); // exit 3
    samePushAsFullPath(1, env(), "new", source, "m/n"); // would ask, stdin is no terminal
    samePushAsFullPath(1, noStore, "new", source, "m/n", "-y"); // no store: exit 2
    samePushAsFullPath(2, env(), "update", source, "m/x", "-y"); // the versions, then 0.2
    samePushAsFullPath(2, env(), "update", source, "m/x:0", "-y", "-q");
    samePushAsFullPath(2, env(), "update", source, "m/x", "--bump-major", "-y", "--json");
    samePushAsFullPath(2, env(), "update", source, "m/x", "--dry-run");
    samePushAsFullPath(2, env(), "update", source, "m/x:0.1", "-y"); // a full version: exit 2
    samePushAsFullPath(2, env(), "update", source, "nope/y", "-y"); // no such asset: exit 3

    clear(bucket);
    pushVersions("m/x", 1);
    FastRun bump =
        fast(
            CliContext.of(env(), work).withRegistry(registry()),
            new String[] {"update", source, "m/x", "--bump-major", "-y", "-q"});
    assertEquals(Optional.of(0), bump.exitCode(), bump::toString);
    assertEquals("new b", read(object("m/x/1.0/sub/b.txt")));
  }

  @Test
  void everythingElse_isLeftToTheFullCommandLine() throws IOException {
    pushVersions("m/x", 1);
    run("fetch", "m/x:0.0");
    Map<String, String> broken = env();
    broken.put("ASSETS_TIMEOUT_S", "-4");
    List<List<String>> cases =
        List.of(
            List.of("fetch", "m/x:0.0", "-v"),
            List.of("fetch", "m/x:0.0", "--help"),
            List.of("fetch", "m/x:0.0", "extra"),
            List.of("fetch", "m/x:0.0", "--json=true"),
            List.of("fetch", "--", "m/x:0.0"),
            List.of("fetch", "m/x:0.0", "--assets-dir"),
            List.of("fetch"),
            List.of("fetch", "m/x:0.0", "-q", "--quiet"),
            List.of("fetch", "m/x:0.0", "--prefix", "a", "--prefix=b"),
            List.of("fetch", "m/x:0.0", "-y"),
            List.of("new", "src", "m/n", "-y", "-v"),
            List.of("new", "src", "m/n", "-y", "--yes"),
            List.of("new", "src", "m/n", "--bump-major", "-y"),
            List.of("new", "src", "-y"),
            List.of("new", "src", "m/n", "-y", "extra"),
            List.of("update", "src", "m/x", "--yes=true"),
            List.of("update", "src", "m/x", "--download"),
            List.of("list", "m/x:0.0"));
    for (List<String> args : cases) {
      FastRun fast = fast(withoutDriver(env()), args.toArray(String[]::new));
      assertEquals(new FastRun(Optional.empty(), "", ""), fast, args.toString());
    }
    // Settings that do not build: the full command line says what is wrong with them.
    assertEquals(
        new FastRun(Optional.empty(), "", ""), fast(withoutDriver(broken), "fetch", "m/x:0.0"));
  }
}
