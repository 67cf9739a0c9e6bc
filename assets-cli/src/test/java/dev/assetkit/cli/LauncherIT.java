package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher 'package' writes beside the jar ({@code assets-cli/target/assets}), installed as
 * docs/cli.md says: found through a link on the PATH, its compiler directives in the JVM's flags,
 * nothing of the JVM's on stdout, and out of the way when the user brings JVM options.
 */
class LauncherIT {
  private static final String LOG = "DEBUG QuickCompilation - quick compilation: ";

  @TempDir Path tmp;

  @Test
  void launcher_throughALink_roundTripsWithCleanOutput_andGivesTheDirectivesAtStart()
      throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("assets"), JarProcess.launcher());
    Path tree = JarProcess.folderOf(tmp, QuickCompilation.MIN_FILES);
    Map<String, String> env = JarProcess.localStore(tmp);

    Run push = run(link, env, "new", tree.toString(), "t", "-y", "-q");
    assertEquals(0, push.exitCode(), push::toString);
    assertEquals("", push.err(), "-q: nothing, the JVM's own lines included");
    assertTrue(push.out().startsWith("Pushed t:0.0 (100 files"), push.out());
    assertEquals(1, push.out().lines().count(), push.out());

    Run fetch = run(link, env, "fetch", "t:0.0", "-vv");
    assertEquals(0, fetch.exitCode(), fetch::toString);
    assertEquals(tmp.resolve("assets/t/0.0") + "\n", fetch.out(), "stdout is the path alone");
    assertTrue(
        fetch.err().contains(LOG + "set at start-up by the launcher's JVM flags"), fetch.err());

    Run missing = run(link, env, "fetch", "ghost:1.0");
    assertEquals(3, missing.exitCode(), "exit codes pass through: " + missing);
  }

  @Test
  void launcher_withJavaOptions_leavesThemToTheJvm_andTheCliAsksItself() throws Exception {
    Path tree = JarProcess.folderOf(tmp, QuickCompilation.MIN_FILES);
    Map<String, String> env = new HashMap<>(JarProcess.localStore(tmp));
    env.put("ASSETS_JAVA_OPTS", "-Xmx96m -Dassetkit.it.marker=1");

    Run push = run(JarProcess.launcher(), env, "new", tree.toString(), "t", "-y", "-vv");
    assertEquals(0, push.exitCode(), push::toString);
    assertTrue(push.err().contains(LOG + "2 compiler directives added"), push.err());

    env.put("ASSETS_JAVA_OPTS", "-XX:+UseG1GC");
    Run clash = run(JarProcess.launcher(), env, "list");
    assertEquals(1, clash.exitCode(), clash::toString);
    assertTrue(
        (clash.out() + clash.err()).contains("Multiple garbage collectors selected"),
        "the JVM's reason is shown when the user's options stop it: " + clash);
  }

  @Test
  void launcher_withoutItsDirectivesFile_stillRuns_andTheCliAsks() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path launcher = home.resolve("assets");
    Files.copy(JarProcess.launcher(), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    Files.createSymbolicLink(home.resolve("assets.jar"), JarProcess.jar());
    Path tree = JarProcess.folderOf(tmp, QuickCompilation.MIN_FILES);

    Run push = run(launcher, JarProcess.localStore(tmp), "new", tree.toString(), "t", "-y", "-vv");
    assertEquals(0, push.exitCode(), push::toString);
    assertTrue(push.err().contains(LOG + "2 compiler directives added"), push.err());
  }

  @Test
  void launcher_usesJavaHome() throws Exception {
    Map<String, String> env = Map.of("JAVA_HOME", fakeJava().toString());

    Run run = run(JarProcess.launcher(), env, "--version");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("fake java -XX:+UseSerialGC -Xmx128m"), run.out());
    assertTrue(
        run.out().endsWith("assets.jar dev.assetkit.cli.Main --version\n"),
        "the jar on the class path, not -jar, whose manifest read costs every start: " + run.out());
    assertTrue(run.out().contains(" -Xlog:disable -Xlog:all=warning,"), "warnings: " + run.out());
    assertTrue(run.out().contains(":stderr "), "to stderr, not stdout: " + run.out());
    assertTrue(run.out().contains(" -XX:ArchiveRelocationMode=0 "), run.out());
    assertTrue(
        run.out().contains(" -XX:Tier4InvocationThreshold=1 -XX:Tier4BackEdgeThreshold=1 "),
        "methods leave C1's profiling code early: " + run.out());
    assertTrue(
        run.out()
            .contains(
                " -XX:CompileCommand=quiet"
                    + " -XX:CompileCommand=CompileThresholdScaling,sun/security/provider/*.*,0.01 "),
        "the hash reaches C2 early, silently: " + run.out());
    assertEquals(
        Files.isReadable(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")),
        run.out().contains(" -XX:+UseTransparentHugePages "),
        "huge pages asked for where Linux has them: " + run.out());

    Map<String, String> withOptions =
        Map.of("JAVA_HOME", env.get("JAVA_HOME"), "ASSETS_JAVA_OPTS", "-Xmx1g");
    Run own = run(JarProcess.launcher(), withOptions, "--version");
    assertTrue(
        own.out().startsWith("fake java -XX:+UseSerialGC -Xmx128m -Xmx1g -cp "),
        "the user's options after the memory flags, and nothing else: " + own.out());
  }

  /** A JDK whose java prints its arguments. */
  private Path fakeJava() throws IOException {
    Path jdk = tmp.resolve("jdk");
    Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"fake java $*\"\n", StandardCharsets.UTF_8);
    assertTrue(java.toFile().setExecutable(true));
    return jdk;
  }

  @Test
  void launcher_usesAClassDataArchiveBesideTheJar() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path launcher = home.resolve("assets");
    Files.copy(JarProcess.launcher(), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(JarProcess.jar(), home.resolve("assets.jar"));
    Files.copy(
        JarProcess.launcher().resolveSibling(QuickCompilation.DIRECTIVES_RESOURCE),
        home.resolve(QuickCompilation.DIRECTIVES_RESOURCE));
    Path source = Files.writeString(tmp.resolve("w.bin"), "weights", StandardCharsets.UTF_8);
    Map<String, String> env = new HashMap<>(JarProcess.localStore(tmp));
    assertEquals(0, run(launcher, env, "new", source.toString(), "w", "-y", "-q").exitCode());

    env.put("ASSETS_JAVA_OPTS", "-XX:ArchiveClassesAtExit=" + home.resolve("assets.jsa"));
    Run dump = run(launcher, env, "fetch", "w:0.0");
    assertEquals(0, dump.exitCode(), dump::toString);
    assertTrue(Files.size(home.resolve("assets.jsa")) > 0, "dumped as docs/cli.md says");

    env.remove("ASSETS_JAVA_OPTS");
    Run fetch = run(launcher, env, "fetch", "w:0.0");
    assertEquals(0, fetch.exitCode(), fetch::toString);
    assertEquals(tmp.resolve("assets/w/0.0") + "\n", fetch.out());
    assertEquals("", fetch.err());

    Path fakeJdk = fakeJava();
    Run flags = run(launcher, Map.of("JAVA_HOME", fakeJdk.toString()), "--version");
    assertTrue(
        flags.out().contains(" -XX:SharedArchiveFile=" + home.resolve("assets.jsa")), flags.out());

    // A jar replaced after the dump: the JVM would refuse the archive; the launcher drops it.
    Files.setLastModifiedTime(
        home.resolve("assets.jar"),
        FileTime.fromMillis(
            Files.getLastModifiedTime(home.resolve("assets.jsa")).toMillis() + 2000));
    Run stale = run(launcher, Map.of("JAVA_HOME", fakeJdk.toString()), "--version");
    assertTrue(stale.out().startsWith("fake java "), stale::toString);
    assertFalse(stale.out().contains("SharedArchiveFile"), stale.out());
  }

  @Test
  void build_writesClassDataArchives_fromWhichACachedFetchLoadsEveryClass() throws Exception {
    Path source = Files.writeString(tmp.resolve("w.bin"), "weights", StandardCharsets.UTF_8);
    Map<String, String> env = JarProcess.localStore(tmp);
    assertEquals(
        0, run(JarProcess.launcher(), env, "new", source.toString(), "w", "-y").exitCode());
    assertEquals(0, run(JarProcess.launcher(), env, "fetch", "w:0.0").exitCode());

    for (String name : List.of("assets.jsa", "assets-s3.jsa", "assets-gcs.jsa", "assets-az.jsa")) {
      Path archive = JarProcess.launcher().resolveSibling(name);
      assertTrue(Files.isRegularFile(archive), "package writes " + archive);
      assertTrue(
          Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(JarProcess.jar()))
              > 0,
          "newer than the jar, or the launcher would not use it: " + name);

      // The launcher's flags that concern class data, and the JVM's account of where each class
      // came from: the JDK's archive, ours ("top"), or a file (the jar, which is then indexed).
      Path log = tmp.resolve(name + ".classes");
      Run fetch =
          JarProcess.assets(
              List.of(
                  "-XX:+UseSerialGC",
                  "-Xmx128m",
                  "-XX:SharedArchiveFile=" + archive,
                  "-Dassetkit.quickCompilation=launcher",
                  "-Xlog:class+load:file=" + log),
              env,
              tmp,
              "fetch",
              "w:0.0");
      assertEquals(0, fetch.exitCode(), fetch::toString);
      assertEquals(tmp.resolve("assets/w/0.0") + "\n", fetch.out());
      List<String> classes = Files.readAllLines(log);
      assertTrue(
          classes.stream()
              .anyMatch(
                  line ->
                      line.contains(" dev.assetkit.cli.Main source: shared objects file (top)")),
          "Main from the build's " + name);
      List<String> fromTheJar =
          classes.stream().filter(line -> line.contains("source: file:")).toList();
      assertEquals(List.of(), fromTheJar, "every class of a cached fetch is in " + name);
    }
  }

  @Test
  void launcher_choosesTheArchiveOfTheStoresDriver() throws Exception {
    Path target = JarProcess.launcher().getParent();
    String java = fakeJava().toString();
    Map<String, String> archives =
        Map.of(
            "s3",
            "assets-s3.jsa",
            "gcs",
            "assets-gcs.jsa",
            "az",
            "assets-az.jsa",
            "local",
            "assets.jsa",
            "",
            "assets.jsa");
    for (Map.Entry<String, String> provider : archives.entrySet()) {
      for (String variable : List.of("ASSETS_STORAGE_PROVIDER", "MODELKIT_STORAGE_PROVIDER")) {
        Run flags =
            run(
                JarProcess.launcher(),
                Map.of("JAVA_HOME", java, variable, provider.getKey()),
                "--version");
        assertTrue(
            flags.out().contains(" -XX:SharedArchiveFile=" + target.resolve(provider.getValue())),
            variable + "=" + provider.getKey() + ": " + flags.out());
      }
    }
  }

  /** Runs the launcher at {@code launcher} (the test JVM's java unless env sets JAVA_HOME). */
  private Run run(Path launcher, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Map<String, String> withJava = new HashMap<>(env);
    withJava.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    return JarProcess.run(command, withJava, tmp);
  }
}
