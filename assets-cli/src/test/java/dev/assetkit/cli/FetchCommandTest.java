package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.StorageDriverRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetchCommandTest extends CliTest {

  @Test
  void fetch_latest_partial_pinned_andSubPart() throws IOException {
    pushVersions("models/enc", 3);
    assertEquals(
        assets.resolve("models/enc/0.2").toString(), run("fetch", "models/enc").out().trim());
    assertEquals(
        assets.resolve("models/enc/0.2").toString(), run("fetch", "models/enc:0").out().trim());
    assertEquals(
        assets.resolve("models/enc/0.1").toString(), run("fetch", "models/enc:0.1").out().trim());
    Run sub = run("fetch", "models/enc:0.1[sub/b.txt]");
    assertEquals(0, sub.exitCode(), sub::toString);
    assertEquals("b1", read(Path.of(sub.out().trim())));
  }

  @Test
  void fetchJson_hasTheMetaWhenDownloaded_andFromCacheAfterwards() throws IOException {
    pushVersions("x", 1);
    Run first = run("fetch", "x:0.0", "--json");
    assertEquals(0, first.exitCode(), first::toString);
    Map<?, ?> json = (Map<?, ?>) first.json();
    assertEquals(
        List.of("name", "version", "path", "from_cache", "meta"), List.copyOf(json.keySet()));
    assertEquals("x", json.get("name"));
    assertEquals("0.0", json.get("version"));
    assertEquals(assets.resolve("x/0.0").toString(), json.get("path"));
    assertEquals(false, json.get("from_cache"));
    Map<?, ?> meta = (Map<?, ?>) json.get("meta");
    assertEquals(true, meta.get("is_directory"));
    assertEquals(List.of("a.txt", "sub/b.txt"), meta.get("contents"));
    assertEquals("", first.err(), "JSON mode prints nothing else");

    Map<?, ?> again = (Map<?, ?>) run("fetch", "x:0.0", "--json").json();
    assertEquals(true, again.get("from_cache"));
    assertFalse(again.containsKey("meta"));
  }

  @Test
  void download_forcesARefetch_andSoDoesTheEnvironment() throws IOException {
    pushVersions("x", 1);
    run("fetch", "x:0.0");
    Files.writeString(assets.resolve("x/0.0/a.txt"), "damaged", StandardCharsets.UTF_8);

    Map<?, ?> cached = (Map<?, ?>) run("fetch", "x:0.0", "--json").json();
    assertEquals(true, cached.get("from_cache"));
    assertEquals("damaged", read(assets.resolve("x/0.0/a.txt")));

    Map<?, ?> forced = (Map<?, ?>) run("fetch", "x:0.0", "--download", "--json").json();
    assertEquals(false, forced.get("from_cache"));
    assertEquals("a0", read(assets.resolve("x/0.0/a.txt")));

    Files.writeString(assets.resolve("x/0.0/a.txt"), "damaged again", StandardCharsets.UTF_8);
    Map<String, String> env = env();
    env.put("MODELKIT_STORAGE_FORCE_DOWNLOAD", "true"); // modelkit's name works too
    Run byEnv =
        Run.of(CliContext.of(env, work).withRegistry(registry()), "fetch", "x:0.0", "--json");
    assertEquals(false, ((Map<?, ?>) byEnv.json()).get("from_cache"), byEnv::toString);
    assertEquals("a0", read(assets.resolve("x/0.0/a.txt")));
  }

  @Test
  void cachedPinnedFetch_createsNoDriver() throws IOException {
    pushVersions("x", 1);
    run("fetch", "x:0.0");
    Map<String, String> env = env();
    env.put("ASSETS_STORAGE_PROVIDER", "s3"); // a driver that would be slow to create
    CliContext context =
        CliContext.of(env, work)
            .withRegistry(StorageDriverRegistry.of(List.of(FakeProviders.forbidden("s3"))));
    Run cached = Run.of(context, "fetch", "x:0.0[sub/b.txt]");
    assertEquals(0, cached.exitCode(), cached::toString);
    assertEquals(assets.resolve("x/0.0/sub/b.txt").toString(), cached.out().trim());

    Run latest = Run.of(context, "fetch", "x"); // needs the index: the driver is created
    assertEquals(1, latest.exitCode(), latest::toString);
    assertTrue(latest.err().contains("the s3 driver was created but is not needed"), latest.err());
  }

  @Test
  void unknownVersion_listsTheVersionsThatExist_exit3() throws IOException {
    pushVersions("x", 2);
    Run pinned = run("fetch", "x:9.9");
    assertEquals(3, pinned.exitCode(), pinned::toString);
    assertTrue(
        pinned.err().startsWith("error: version 9.9 of asset 'x' not found in file:"),
        pinned.err());
    assertTrue(pinned.err().contains("available: 0.1, 0.0"), pinned.err());
    assertEquals(1, pinned.err().split("\n").length, pinned.err());

    Run partial = run("fetch", "x:4");
    assertEquals(3, partial.exitCode(), partial::toString);
    assertTrue(partial.err().contains("available: 0.1, 0.0"), partial.err());
  }

  @Test
  void unknownAsset_saysSo_exit3() {
    for (String spec : List.of("ghost", "ghost:1.0")) {
      Run run = run("fetch", spec);
      assertEquals(3, run.exitCode(), run::toString);
      assertTrue(run.err().contains("asset 'ghost' not found"), run.err());
      assertTrue(run.err().contains("assets list"), run.err());
    }
  }

  @Test
  void unknownSubPart_listsWhatTheVersionHolds_exit3() throws IOException {
    pushVersions("x", 1);
    Run run = run("fetch", "x:0.0[nope.txt]");
    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(
        run.err().contains("'nope.txt' not found in x:0.0; it holds: a.txt, sub/"), run.err());
  }

  @Test
  void badSpec_showsACaretUnderTheFault_exit2() {
    Run run = run("fetch", "models//enc:1.0");
    assertEquals(2, run.exitCode(), run::toString);
    String[] lines = run.err().split("\n");
    assertEquals(2, lines.length, run.err());
    assertEquals("error: invalid asset spec: models//enc:1.0", lines[0]);
    int fault = "error: invalid asset spec: models/".length();
    assertEquals(fault, lines[1].indexOf('^'), run.err());
    assertTrue(
        lines[1].endsWith(
            "^ empty path segment; names look like 'category/name', such as 'models/encoder'"),
        lines[1]);
  }

  @Test
  void tamperedStoreObject_isAnIntegrityError_exit5_andNothingIsInstalled() throws IOException {
    pushVersions("x", 1);
    Files.writeString(object("x/0.0/a.txt"), "evil", StandardCharsets.UTF_8);
    Run run = run("fetch", "x:0.0");
    assertEquals(5, run.exitCode(), run::toString);
    assertTrue(run.err().contains("x:0.0[a.txt]"), run.err());
    assertFalse(Files.exists(assets.resolve("x/0.0")));
  }

  @Test
  void withoutProvider_usesWhatIsOnDisk_andNamesTheVariablesOtherwise() throws IOException {
    Files.createDirectories(assets.resolve("pre/placed/1.0"));
    Files.writeString(assets.resolve("pre/placed/1.0/f"), "here", StandardCharsets.UTF_8);
    Map<String, String> env = Map.of("MODELKIT_ASSETS_DIR", assets.toString());
    Run found = Run.of(CliContext.of(env, work).withRegistry(registry()), "fetch", "pre/placed");
    assertEquals(0, found.exitCode(), found::toString);
    assertEquals(assets.resolve("pre/placed/1.0").toString(), found.out().trim());

    Run missing = Run.of(CliContext.of(env, work).withRegistry(registry()), "fetch", "other");
    assertEquals(3, missing.exitCode(), missing::toString);
    assertTrue(
        missing.err().contains("ASSETS_STORAGE_PROVIDER and ASSETS_STORAGE_BUCKET"), missing.err());
  }

  @Test
  void assetsDirOption_overridesTheEnvironment() throws IOException {
    pushVersions("x", 1);
    Path other = Files.createDirectories(tmp.resolve("other-assets"));
    Run run = run("fetch", "x:0.0", "--assets-dir", other.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(other.resolve("x/0.0").toString(), run.out().trim());
  }
}
