package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishCommandsTest extends CliTest {

  private Run runTyping(String input, String... args) {
    return Run.of(context().withRegistry(registry()).withStdin(input, true), args);
  }

  @Test
  void new_withYes_pushesVersion00_thenFetchGivesTheSameBytes() throws IOException {
    Path source = sourceDir("encoder", "alpha", "beta");
    Run run = run("new", source.toString(), "models/encoder", "-y");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out().startsWith("Pushed models/encoder:0.0 (2 files, 9 B) to file:"), run.out());
    assertTrue(run.err().contains("as models/encoder:0.0"), run.err());
    assertEquals("alpha", read(object("models/encoder/0.0/a.txt")));

    Run fetch = run("fetch", "models/encoder:0.0");
    assertEquals(0, fetch.exitCode(), fetch::toString);
    Path fetched = Path.of(fetch.out().trim());
    assertEquals(assets.resolve("models/encoder/0.0"), fetched);
    assertEquals("beta", read(fetched.resolve("sub/b.txt")));
  }

  @Test
  void new_announcesTheFilesAndBytes_thePushThenCounts() throws IOException {
    Path source = Files.createDirectories(work.resolve("links"));
    Files.writeString(source.resolve("a.txt"), "abc", StandardCharsets.UTF_8);
    Files.createDirectories(source.resolve("sub/empty"));
    Files.writeString(source.resolve("sub/b.txt"), "defgh", StandardCharsets.UTF_8);
    Path outside = Files.createDirectories(work.resolve("outside"));
    Files.writeString(outside.resolve("c.txt"), "ijklmno", StandardCharsets.UTF_8);
    // A link to a file is pushed as that file; a link to a folder is not followed.
    Files.createSymbolicLink(source.resolve("c-link.txt"), outside.resolve("c.txt"));
    Files.createSymbolicLink(source.resolve("folder-link"), outside);

    Run run = run("new", source.toString(), "links", "-y", "--json");

    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.err().contains("Will push " + source + " (3 files, 15 B)"), run.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) run.json();
    assertEquals(3L, json.get("files"));
    assertEquals(15L, json.get("size"));
  }

  @Test
  void new_quiet_announcesNothing_andReportsWhatWasPushed() throws IOException {
    Path source = sourceDir("quiet", "abc", "defgh");

    Run run = run("new", source.toString(), "q", "-y", "-q");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    assertTrue(run.out().startsWith("Pushed q:0.0 (2 files, 8 B) to "), run.out());
  }

  @Test
  void new_withOptionsInsteadOfEnvironment_works() throws IOException {
    Path source = Files.writeString(work.resolve("w.bin"), "weights", StandardCharsets.UTF_8);
    Run run = runWithOptions("new", source.toString(), "w", "-y");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("weights", read(object("w/0.0")));
  }

  @Test
  void new_relativePath_resolvesAgainstTheWorkingDirectory() throws IOException {
    sourceDir("rel", "1", "2");
    Run run = run("new", "rel", "r", "-y");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("1", read(object("r/0.0/a.txt")));
  }

  @Test
  void new_withAVersionInTheName_isRefusedWithACaretUnderTheColon() throws IOException {
    Path source = sourceDir("s", "a", "b");
    Run run = run("new", source.toString(), "models/encoder:1.0", "-y");
    assertEquals(2, run.exitCode(), run::toString);
    String[] lines = run.err().split("\n");
    assertEquals(2, lines.length, run.err());
    assertEquals("error: invalid asset spec: models/encoder:1.0", lines[0]);
    assertEquals(
        lines[0].indexOf(':', "error: invalid asset spec: ".length()), lines[1].indexOf('^'));
    assertTrue(lines[1].contains("'new' takes a name without version"), lines[1]);
    assertFalse(Files.exists(object("models/encoder.versions")));
  }

  @Test
  void new_onAnExistingAsset_isAConflict_exit4() throws IOException {
    pushVersions("x", 1);
    Run run = run("new", sourceDir("again", "a", "b").toString(), "x", "-y");
    assertEquals(4, run.exitCode(), run::toString);
    assertTrue(run.err().contains("asset 'x' already exists"), run.err());
    assertTrue(run.err().contains("with versions 0.0"), run.err());
    assertTrue(run.err().contains("assets update PATH x"), run.err());
  }

  @Test
  void new_withoutYes_whenStdinIsNotATerminal_failsAtOnceWithExit2() throws IOException {
    Path source = sourceDir("s", "a", "b");
    Run run = run("new", source.toString(), "x");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("stdin is not a terminal"), run.err());
    assertTrue(run.err().contains("-y (--yes)"), run.err());
    assertEquals(1, run.err().split("\n").length, run.err());
    assertFalse(Files.exists(object("x.versions")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"y\n", "yes\n", "YES\n", "Y\n", " Yes \n"})
  void prompt_acceptsYesInAnyCase(String answer) throws IOException {
    Path source = sourceDir("s", "a", "b");
    Run run = runTyping(answer, "new", source.toString(), "x");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.err().contains("Push x:0.0? [y/N] "), run.err());
    assertTrue(Files.exists(object("x.versions")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"n\n", "\n", "no\n", "yep\n", ""})
  void prompt_anythingElseAborts_withExit1_andPushesNothing(String answer) throws IOException {
    Path source = sourceDir("s", "a", "b");
    Run run = runTyping(answer, "new", source.toString(), "x");
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains("Nothing was pushed."), run.err());
    assertEquals("", run.out());
    assertFalse(Files.exists(object("x.versions")));
    assertFalse(Files.exists(object("x/0.0.meta")));
  }

  @Test
  void dryRun_neverPrompts_andWritesNothing() throws IOException {
    Path source = sourceDir("s", "a", "b");
    Run run = run("new", source.toString(), "x", "--dry-run");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("Dry run: would push x:0.0 (2 files, 2 B)"), run.out());
    assertFalse(run.err().contains("[y/N]"));
    try (var files = Files.list(bucket)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void update_showsVersionsGroupedByMajor_andTheVersionItWillPush() throws IOException {
    pushVersions("m", 3); // 0.0 0.1 0.2
    assertEquals(
        0,
        run("update", sourceDir("b", "x", "y").toString(), "m", "--bump-major", "-y").exitCode());
    Run run = runTyping("y\n", "update", sourceDir("c", "p", "q").toString(), "m:0");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.err().contains("has 4 versions:\n  major 1: 1.0\n  major 0: 0.2, 0.1, 0.0\n"),
        run.err());
    assertTrue(run.err().contains("as m:0.3 to"), run.err());
    assertTrue(run.err().contains("Push m:0.3? [y/N]"), run.err());
    assertTrue(run.out().startsWith("Pushed m:0.3 "), run.out());
    assertEquals("p", read(object("m/0.3/a.txt")));
  }

  @Test
  void update_bumpsTheMinorOfTheLatest_orANewMajor() throws IOException {
    pushVersions("m", 2);
    Run next = run("update", sourceDir("n", "1", "2").toString(), "m", "-y", "--json");
    assertEquals(0, next.exitCode(), next::toString);
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) next.json();
    assertEquals("m", json.get("name"));
    assertEquals("0.2", json.get("version"));
    assertEquals(false, json.get("dry_run"));
    assertEquals(2L, json.get("files"));
    assertEquals(2L, json.get("size"));
    assertEquals(List.of(), json.get("lost_versions"));
    assertTrue(json.get("uri").toString().endsWith("/modelkit-assets/m/0.2"), json.toString());
    assertTrue(((Map<?, ?>) json.get("meta")).containsKey("push_date"));

    Run major = run("update", sourceDir("o", "1", "2").toString(), "m", "--bump-major", "-y");
    assertTrue(major.out().startsWith("Pushed m:1.0 "), major::toString);
  }

  @Test
  void update_pastAVersionClaimedByAStoppedPush_saysSo_andTakesTheNext() throws IOException {
    pushVersions("m", 1);
    // A push that stopped after its claim: the meta of 0.1 is there, no index lists it.
    Files.copy(object("m/0.0.meta"), object("m/0.1.meta"));

    Run run = run("update", sourceDir("n", "1", "2").toString(), "m", "-y", "--json");

    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(List.of("0.1"), ((Map<?, ?>) run.json()).get("lost_versions"));
    assertTrue(
        run.err()
            .contains(
                "note: 0.1 was already claimed (by another push running meanwhile, or one that"
                    + " stopped before it finished); pushed 0.2 instead"),
        run.err());
  }

  @Test
  void update_withACompleteVersion_isRefused() throws IOException {
    pushVersions("m", 1);
    Run run = run("update", sourceDir("n", "1", "2").toString(), "m:0.0", "-y");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("'update' chooses the version"), run.err());
    assertTrue(run.err().split("\n")[1].contains("^"), run.err());
  }

  @Test
  void update_ofAnUnknownAsset_saysToCreateIt_exit3() throws IOException {
    Run run = run("update", sourceDir("n", "1", "2").toString(), "ghost", "-y");
    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(run.err().contains("asset 'ghost' not found"), run.err());
    assertTrue(run.err().contains("assets new PATH ghost"), run.err());
  }

  @Test
  void update_ofAnUnknownMajor_listsTheVersions_exit3() throws IOException {
    pushVersions("m", 2);
    Run run = run("update", sourceDir("n", "1", "2").toString(), "m:7", "-y");
    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(run.err().contains("available: 0.1, 0.0"), run.err());
  }

  @Test
  void missingLocalSource_isNotFound_exit3() {
    Run run = run("new", work.resolve("nope").toString(), "x", "-y");
    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(run.err().contains("nothing to push"), run.err());
  }

  @Test
  void remoteSource_singleObject_isPulledPushedAndDeleted() throws IOException {
    Path clouds = Files.createDirectories(tmp.resolve("clouds"));
    Path object = clouds.resolve("raw-bucket/exports/model.bin");
    Files.createDirectories(object.getParent());
    Files.writeString(object, "from the cloud", StandardCharsets.UTF_8);
    Run run =
        Run.of(
            context().withRegistry(registry(FakeProviders.folders("s3", clouds))),
            "new",
            "s3://raw-bucket/exports/model.bin",
            "models/pulled",
            "-y");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.err().contains("Will push s3://raw-bucket/exports/model.bin (1 file, 14 B)"),
        run.err());
    assertEquals("from the cloud", read(object("models/pulled/0.0")));
    assertTrue(Files.exists(object), "the source is left alone");
  }

  @Test
  void remoteSource_prefix_becomesADirectoryAsset() throws IOException {
    Path clouds = Files.createDirectories(tmp.resolve("clouds"));
    Path folder = Files.createDirectories(clouds.resolve("raw/exports/tree/deep"));
    Files.writeString(folder.resolve("x.txt"), "x", StandardCharsets.UTF_8);
    Files.writeString(folder.getParent().resolve("y.txt"), "yy", StandardCharsets.UTF_8);
    Files.writeString(
        clouds.resolve("raw/exports/tree-sibling.txt"), "not me", StandardCharsets.UTF_8);
    Run run =
        Run.of(
            context().withRegistry(registry(FakeProviders.folders("gcs", clouds))),
            "new",
            "gs://raw/exports/tree/",
            "t",
            "-y");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("x", read(object("t/0.0/deep/x.txt")));
    assertEquals("yy", read(object("t/0.0/y.txt")));
    assertFalse(Files.exists(object("t/0.0/tree-sibling.txt")));
    assertEquals(List.of(), leftoverSources());
  }

  @Test
  void remoteSource_dryRun_pullsNothing() throws IOException {
    Path clouds = Files.createDirectories(tmp.resolve("clouds"));
    Files.createDirectories(clouds.resolve("c/k"));
    Files.writeString(clouds.resolve("c/k/f"), "12345", StandardCharsets.UTF_8);
    pushVersions("t", 1);
    Run run =
        Run.of(
            context().withRegistry(registry(FakeProviders.folders("az", clouds))),
            "update",
            "az://c/k",
            "t",
            "--dry-run");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out()
            .startsWith("Dry run: would pull 1 file (5 B) from az://c/k and push them as t:0.1"),
        run.out());
    assertFalse(Files.exists(object("t/0.1.meta")));
  }

  @Test
  void remoteSource_withNothingThere_isNotFound_exit3() throws IOException {
    Path clouds = Files.createDirectories(tmp.resolve("clouds/empty"));
    Run run =
        Run.of(
            context().withRegistry(registry(FakeProviders.folders("s3", clouds.getParent()))),
            "new",
            "s3://empty/nothing/here",
            "t",
            "-y");
    assertEquals(3, run.exitCode(), run::toString);
    assertTrue(run.err().contains("nothing to push at s3://empty/nothing/here"), run.err());
  }

  @Test
  void remoteSource_withAnUnknownScheme_isInvalid_exit2() {
    Run run = run("new", "ftp://host/file", "t", "-y");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("unsupported source 'ftp://host/file'"), run.err());
  }

  @Test
  void remoteSource_withoutItsDriver_namesTheArtifactToAdd() {
    Run run = run("new", "s3://bucket/key", "t", "-y");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().contains("no storage driver for provider 's3'"), run.err());
    assertTrue(run.err().contains("assets-driver-s3"), run.err());
  }

  private List<Path> leftoverSources() throws IOException {
    Path temp = tmp.resolve("temp");
    assertTrue(Files.isDirectory(temp), "the source was pulled under the context's temp dir");
    try (var files = Files.list(temp)) {
      return files.toList();
    }
  }
}
