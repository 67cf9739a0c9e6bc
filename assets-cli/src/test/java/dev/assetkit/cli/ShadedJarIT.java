package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: {@code java -jar assets-cli/target/assets.jar}. */
class ShadedJarIT {
  static final List<String> REQUIRED_DRIVERS = List.of("local", "s3", "gcs", "az");

  @TempDir Path tmp;

  @Test
  void jar_findsAllFourStorageDrivers() throws Exception {
    Run run = JarProcess.assets(Map.of(), tmp, "config", "--json");
    assertEquals(0, run.exitCode(), run::toString);
    List<?> found = (List<?>) ((Map<?, ?>) run.json()).get("drivers");
    List<String> missing = new ArrayList<>(REQUIRED_DRIVERS);
    missing.removeAll(found);
    assertTrue(
        missing.isEmpty(),
        "the shaded jar lacks the storage drivers "
            + missing
            + " (found: "
            + found
            + "); each assets-driver-* module must register its provider in"
            + " META-INF/services/dev.assetkit.spi.StorageDriverProvider, and the shade plugin"
            + " merges them with ServicesResourceTransformer");
  }

  @Test
  void jar_printsHelpWithExitCodes_andItsVersion() throws Exception {
    Run help = JarProcess.assets(Map.of(), tmp, "--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.out().startsWith("Usage: assets [-hV] COMMAND"), help.out());
    assertTrue(help.out().contains("Exit codes:"), help.out());
    Run version = JarProcess.assets(Map.of(), tmp, "--version");
    assertEquals(0, version.exitCode(), version::toString);
    assertTrue(version.out().startsWith("assets (assetkit) "), version.out());
  }

  @Test
  void jar_roundTrip_logsThroughSlf4jOnStderrOnlyWithVerbose() throws Exception {
    Path source = Files.writeString(tmp.resolve("w.bin"), "weights", StandardCharsets.UTF_8);
    Map<String, String> env = JarProcess.localStore(tmp);
    Run push = JarProcess.assets(env, tmp, "new", source.toString(), "w", "-y", "-q");
    assertEquals(0, push.exitCode(), push::toString);
    assertEquals("", push.err());

    Run fetch = JarProcess.assets(env, tmp, "fetch", "w:0.0", "-v");
    assertEquals(0, fetch.exitCode(), fetch::toString);
    assertEquals(tmp.resolve("assets/w/0.0") + "\n", fetch.out());
    assertTrue(fetch.err().contains("INFO AssetsManager - downloading w:0.0"), fetch.err());

    Run cached = JarProcess.assets(env, tmp, "fetch", "w:0.0");
    assertEquals(0, cached.exitCode(), cached::toString);
    assertEquals(fetch.out(), cached.out());
    assertEquals("", cached.err());
  }

  /** The jar's own process tunes its JIT for large moves only (see QuickCompilation). */
  @Test
  void jar_largeMoves_keepC2ForTheHashOnly_unlessTurnedOff() throws Exception {
    Path tree = JarProcess.folderOf(tmp, QuickCompilation.MIN_FILES);
    Path single = Files.writeString(tmp.resolve("one.bin"), "one", StandardCharsets.UTF_8);
    Map<String, String> env = JarProcess.localStore(tmp);
    String asked = "DEBUG QuickCompilation - quick compilation: 2 compiler directives added";

    Run push = JarProcess.assets(env, tmp, "new", tree.toString(), "t", "-y", "-vv");
    assertEquals(0, push.exitCode(), push::toString);
    assertTrue(push.err().contains(asked), push.err());
    assertFalse(push.err().contains("SLF4J"), "no logging set-up race: " + push.err());

    Run fetch = JarProcess.assets(env, tmp, "fetch", "t:0.0", "-vv");
    assertEquals(0, fetch.exitCode(), fetch::toString);
    assertTrue(fetch.err().contains(asked), "100 files: " + fetch.err());
    try (Stream<Path> fetched = Files.list(Path.of(fetch.out().strip()))) {
      assertEquals(QuickCompilation.MIN_FILES + 1, fetched.count(), "the files and the marker");
    }

    Run off =
        JarProcess.assets(
            List.of("-D" + QuickCompilation.PROPERTY + "=false"),
            env,
            tmp,
            "update",
            tree.toString(),
            "t:0",
            "-y",
            "-vv");
    assertEquals(0, off.exitCode(), off::toString);
    assertFalse(off.err().contains("quick compilation"), off.err());

    Run small = JarProcess.assets(env, tmp, "new", single.toString(), "one", "-y", "-vv");
    assertEquals(0, small.exitCode(), small::toString);
    assertFalse(small.err().contains("quick compilation"), small.err());
  }

  @Test
  void jar_withStdinNotATerminal_refusesToPromptAndExits2() throws Exception {
    Path source = Files.writeString(tmp.resolve("w.bin"), "weights", StandardCharsets.UTF_8);
    Map<String, String> env =
        Map.of(
            "ASSETS_STORAGE_PROVIDER",
            "local",
            "ASSETS_STORAGE_BUCKET",
            Files.createDirectories(tmp.resolve("b")).toString());
    Run run = JarProcess.assets(env, tmp, "new", source.toString(), "w");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("stdin is not a terminal"), run.err());
  }

  @Test
  void jar_errorsAreOneLineWithTheirExitCode() throws Exception {
    Map<String, String> env =
        Map.of(
            "ASSETS_STORAGE_PROVIDER",
            "local",
            "ASSETS_STORAGE_BUCKET",
            Files.createDirectories(tmp.resolve("b")).toString());
    Run missing = JarProcess.assets(env, tmp, "fetch", "ghost:1.0");
    assertEquals(3, missing.exitCode(), missing::toString);
    assertEquals(1, missing.err().split("\n").length, missing.err());
    Run usage = JarProcess.assets(env, tmp, "fetch", "--nope");
    assertEquals(2, usage.exitCode(), usage::toString);
  }
}
