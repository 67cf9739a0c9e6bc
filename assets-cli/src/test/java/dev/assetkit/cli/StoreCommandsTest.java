package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.driver.local.LocalStorageDriverProvider;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.testing.ModelkitFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreCommandsTest extends CliTest {

  private void seedModelkitBucket() {
    try (StorageDriver driver = LocalStorageDriverProvider.open(bucket)) {
      ModelkitFixture.seed(driver);
    }
  }

  @Test
  void list_showsEveryAssetLatestFirst_andATotal() throws IOException {
    seedModelkitBucket();
    pushVersions("mine", 2);
    Run run = run("list");
    assertEquals(0, run.exitCode(), run::toString);
    String[] lines = run.out().split("\n");
    assertEquals("category/dir-asset   0.0", lines[0]);
    assertEquals("category/file-asset  1.0, 0.1, 0.0", lines[1]);
    assertTrue(run.out().contains("\nmine                 0.1, 0.0\n"), run.out());
    assertTrue(run.out().contains("\nnumeric              10.0, 1.1, 1.0\n"), run.out());
    assertTrue(
        run.out()
            .contains(
                "\ndated                (no major_minor version; is ASSETS_VERSIONING_SYSTEM right?)\n"),
        run.out());
    assertTrue(lines[lines.length - 1].startsWith("5 assets, 9 versions in file:"), run.out());
  }

  @Test
  void listJson_isAnArrayOfNamesAndVersions() throws IOException {
    seedModelkitBucket();
    Run run = runWithOptions("list", "--json");
    assertEquals(0, run.exitCode(), run::toString);
    List<?> json = (List<?>) run.json();
    assertEquals(
        Map.of("name", "category/file-asset", "versions", List.of("1.0", "0.1", "0.0")),
        json.get(1));
    assertEquals(Map.of("name", "numeric", "versions", List.of("10.0", "1.1", "1.0")), json.get(3));
  }

  @Test
  void listWithoutProvider_namesTheVariablesToSet_exit2() {
    Run run = Run.of(CliContext.of(Map.of(), work), "list");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(
        "error: 'assets list' needs a remote store: set ASSETS_STORAGE_PROVIDER (local, s3, gcs"
            + " or az) and ASSETS_STORAGE_BUCKET, or pass --provider and --bucket\n",
        run.err());
  }

  @Test
  void providerWithoutBucket_namesTheBucketVariable_exit2() {
    Run run = Run.of(CliContext.of(Map.of(), work), "list", "--provider", "local");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("set ASSETS_STORAGE_BUCKET"), run.err());
  }

  @Test
  void versions_marksTheCachedOnes_andPrintsJson() throws IOException {
    pushVersions("x", 3);
    run("fetch", "x:0.1");
    Run text = run("versions", "x");
    assertEquals(0, text.exitCode(), text::toString);
    assertEquals("0.2\n0.1  (cached)\n0.0\n", text.out());
    Map<?, ?> json = (Map<?, ?>) run("versions", "x", "--json").json();
    assertEquals(List.of("0.2", "0.1", "0.0"), json.get("versions"));
    assertEquals(List.of("0.1"), json.get("cached"));
    Run unknown = run("versions", "nope");
    assertEquals(3, unknown.exitCode());
  }

  @Test
  void info_showsTheMetaOfTheResolvedVersion() throws IOException {
    pushVersions("x", 2);
    Run text = run("info", "x");
    assertEquals(0, text.exitCode(), text::toString);
    assertTrue(text.out().startsWith("asset:       x:0.1\n"), text.out());
    assertTrue(text.out().contains("kind:        directory of 2 files\n"), text.out());
    assertTrue(text.out().contains("checksums:   sha256 of every file\n"), text.out());
    assertTrue(text.out().contains("  sub/b.txt  2 B  sha256:"), text.out());
    assertTrue(
        text.out().contains("uri:         file:")
            && text.out().contains("/modelkit-assets/x/0.1\n"),
        text.out());

    Map<?, ?> json = (Map<?, ?>) run("info", "x:0.0", "--json").json();
    assertEquals("0.0", json.get("version"));
    Map<?, ?> meta = (Map<?, ?>) json.get("meta");
    assertEquals(List.of("a.txt", "sub/b.txt"), meta.get("contents"));
    assertEquals(4L, ((Map<?, ?>) meta.get("assetkit")).get("total_size"));
  }

  @Test
  void info_ofAModelkitVersion_saysWhatIsNotRecorded() {
    seedModelkitBucket();
    Run run = run("info", "category/file-asset:0.1");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("size:        not recorded (pushed by modelkit)"), run.out());
    assertTrue(run.out().contains("checksums:   not recorded (pushed by modelkit)"), run.out());
  }

  @Test
  void info_ofAMissingVersion_listsTheOthers_exit3() throws IOException {
    pushVersions("x", 2);
    Run run = run("info", "x:3.0");
    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(run.err().contains("available: 0.1, 0.0"), run.err());
  }

  @Test
  void repair_addsVersionsMissingFromTheIndex_dryRunFirst() throws IOException {
    pushVersions("x", 3);
    Files.writeString(object("x.versions"), "{\"versions\": [\"0.0\"]}", StandardCharsets.UTF_8);

    Run dry = run("repair", "x", "--dry-run");
    assertEquals(0, dry.exitCode(), dry::toString);
    assertEquals(
        "would add to the index: 0.2, 0.1\nversions: 0.2, 0.1, 0.0\ndry run: nothing was written\n",
        dry.out());
    assertEquals("{\"versions\": [\"0.0\"]}", read(object("x.versions")));

    Run real = run("repair", "x", "--json");
    assertEquals(0, real.exitCode(), real::toString);
    Map<?, ?> json = (Map<?, ?>) real.json();
    assertEquals(List.of("0.2", "0.1"), json.get("added"));
    assertEquals(List.of("0.2", "0.1", "0.0"), json.get("versions"));
    assertEquals("0.2\n0.1\n0.0\n", run("versions", "x").out());
  }

  @Test
  void repair_leavesOutAVersionWhoseDataIsMissing() throws IOException {
    pushVersions("x", 2);
    Files.writeString(object("x.versions"), "{\"versions\": [\"0.0\"]}", StandardCharsets.UTF_8);
    Files.delete(object("x/0.1/sub/b.txt"));
    Run run = run("repair", "x");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("left out (data missing or truncated): 0.1"), run.out());
  }

  @Test
  void repair_ofAnAssetWhoseFirstPushWasKilledAfterItsClaim_reportsTheLeftover()
      throws IOException {
    Files.createDirectories(object("x"));
    Files.writeString(
        object("x/0.0.meta"),
        "{\"push_date\": \"2021-01-01T00:00:00+00:00\", \"is_directory\": false}",
        StandardCharsets.UTF_8);

    Run run = run("repair", "x");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(
        "added to the index: none\n"
            + "left out (data missing or truncated): 0.0\n"
            + "versions: none complete (the asset has no index)\n",
        run.out());
    assertFalse(Files.exists(object("x.versions")));
  }
}
