package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.StorageDriverRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pre-picocli path answers exactly what the full command line would, or nothing at all. */
class FastFetchTest extends CliTest {
  private Optional<Integer> fast(StringWriter out, Map<String, String> env, String... args) {
    CliContext context =
        CliContext.of(env, work)
            .withRegistry(StorageDriverRegistry.of(List.of(FakeProviders.forbidden("local"))));
    return FastFetch.tryRun(context, args, new PrintWriter(out));
  }

  /** The same args through both paths print the same bytes. */
  private void sameAsFullPath(String... args) {
    StringWriter out = new StringWriter();
    assertEquals(Optional.of(0), fast(out, env(), args), String.join(" ", args));
    Run full = run(args);
    assertEquals(0, full.exitCode(), full::toString);
    assertEquals(full.out(), out.toString(), String.join(" ", args));
  }

  @Test
  void cachedPinnedSpecs_areAnsweredWithoutPicocliOrADriver() throws IOException {
    pushVersions("m/x", 1);
    run("fetch", "m/x:0.0");
    sameAsFullPath("fetch", "m/x:0.0");
    sameAsFullPath("fetch", "m/x:0.0[sub/b.txt]", "--json");
    sameAsFullPath("fetch", "-q", "m/x:0.0", "--json");
    sameAsFullPath("fetch", "m/x:0.0", "--assets-dir=" + assets, "--provider", "local");
  }

  @Test
  void everythingElse_isLeftToTheFullCommandLine() throws IOException {
    pushVersions("m/x", 1);
    run("fetch", "m/x:0.0");
    Map<String, String> forced = env();
    forced.put("ASSETS_STORAGE_FORCE_DOWNLOAD", "yes");
    Map<String, String> broken = env();
    broken.put("ASSETS_TIMEOUT_S", "-4");
    List<List<String>> cases =
        List.of(
            List.of("fetch", "m/x"), // latest: needs the index
            List.of("fetch", "m/x:0"), // partial
            List.of("fetch", "m/x:0.1"), // not cached
            List.of("fetch", "m/x:0.0[nope]"), // missing sub-part: the full path reports it
            List.of("fetch", "m/x:0.0", "--download"),
            List.of("fetch", "m/x:0.0", "-v"),
            List.of("fetch", "m/x:0.0", "--help"),
            List.of("fetch", "m/x:0.0", "extra"),
            List.of("fetch", "m//x:0.0"),
            List.of("fetch", "m/x:0.0", "--assets-dir"),
            List.of("fetch"),
            List.of("list", "m/x:0.0"));
    for (List<String> args : cases) {
      StringWriter out = new StringWriter();
      assertEquals(
          Optional.empty(), fast(out, env(), args.toArray(String[]::new)), args.toString());
      assertEquals("", out.toString());
    }
    StringWriter out = new StringWriter();
    assertEquals(Optional.empty(), fast(out, forced, "fetch", "m/x:0.0"));
    assertEquals(Optional.empty(), fast(out, broken, "fetch", "m/x:0.0"));
    assertTrue(Files.exists(assets.resolve("m/x/0.0/.SUCCESS")));
  }
}
