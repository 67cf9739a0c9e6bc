package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Runs a command as a separate process with a clean assets environment; for the *IT tests. */
final class JarProcess {
  private JarProcess() {}

  /** The shaded jar built by 'package' (failsafe passes its path). */
  static Path jar() {
    Path jar = Path.of(System.getProperty("assets.jar", "target/assets.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + "; run 'mvn package' first");
    return jar;
  }

  /** The launcher script 'package' writes beside the jar (failsafe passes its path). */
  static Path launcher() {
    Path launcher =
        Path.of(System.getProperty("assets.launcher", "target/assets")).toAbsolutePath();
    assertTrue(Files.isExecutable(launcher), "no launcher at " + launcher + "; run 'mvn package'");
    return launcher;
  }

  /** The environment of a local-folder store under {@code tmp}, with its assets directory. */
  static Map<String, String> localStore(Path tmp) throws IOException {
    Path bucket = Files.createDirectories(tmp.resolve("bucket"));
    return Map.of(
        "ASSETS_STORAGE_PROVIDER", "local",
        "ASSETS_STORAGE_BUCKET", bucket.toString(),
        "ASSETS_DIR", tmp.resolve("assets").toString());
  }

  /** A folder {@code tmp/tree} of {@code files} small files. */
  static Path folderOf(Path tmp, int files) throws IOException {
    Path tree = Files.createDirectories(tmp.resolve("tree"));
    for (int i = 0; i < files; i++) {
      Files.writeString(tree.resolve("f" + i), "file " + i, StandardCharsets.UTF_8);
    }
    return tree;
  }

  /** The repository root (failsafe passes it). */
  static Path repository() {
    return Path.of(System.getProperty("assets.repository", "..")).toAbsolutePath().normalize();
  }

  /** {@code java -jar assets.jar args...} */
  static Run assets(Map<String, String> env, Path workDir, String... args)
      throws IOException, InterruptedException {
    return assets(List.of(), env, workDir, args);
  }

  /** {@code java jvmOptions... -jar assets.jar args...} */
  static Run assets(List<String> jvmOptions, Map<String, String> env, Path workDir, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return run(command, env, workDir);
  }

  /** Runs {@code command}, stdin closed, and captures everything. */
  static Run run(List<String> command, Map<String, String> env, Path workDir)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("ASSETS_") || k.startsWith("MODELKIT_"));
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path out = Files.createTempFile("assets-it-", ".out");
    Path err = Files.createTempFile("assets-it-", ".err");
    try {
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Through the jar: pushes a random file of {@code bigFileBytes} (large enough, with the part size
   * in {@code env}, for a multipart upload and a ranged download) and a folder, updates the folder,
   * lists, fetches the file whole and a sub-part of the folder, checking every byte and exit code.
   */
  static void pushListAndFetch(Map<String, String> env, Path tmp, int bigFileBytes, long seed)
      throws IOException, InterruptedException {
    byte[] big = new byte[bigFileBytes];
    new Random(seed).nextBytes(big);
    Path file = Files.write(tmp.resolve("weights.bin"), big);
    Path folder = Files.createDirectories(tmp.resolve("vocab/sub"));
    Files.writeString(folder.resolve("a.txt"), "alpha", StandardCharsets.UTF_8);
    Files.writeString(tmp.resolve("vocab/b.txt"), "beta", StandardCharsets.UTF_8);

    Run pushFile = assets(env, tmp, "new", file.toString(), "w", "-y", "-q");
    assertEquals(0, pushFile.exitCode(), pushFile::toString);
    Run pushFolder = assets(env, tmp, "new", tmp.resolve("vocab").toString(), "v", "-y", "-q");
    assertEquals(0, pushFolder.exitCode(), pushFolder::toString);
    Run update = assets(env, tmp, "update", tmp.resolve("vocab").toString(), "v", "-y", "-q");
    assertEquals(0, update.exitCode(), update::toString);

    Run list = assets(env, tmp, "list");
    assertEquals(0, list.exitCode(), list::toString);
    assertTrue(list.out().contains("v") && list.out().contains("0.1"), list.out());

    Run fetchFile = assets(env, tmp, "fetch", "w");
    assertEquals(0, fetchFile.exitCode(), fetchFile::toString);
    assertArrayEquals(big, Files.readAllBytes(Path.of(fetchFile.out().strip())));

    Run fetchSub = assets(env, tmp, "fetch", "v:0.1[sub/a.txt]");
    assertEquals(0, fetchSub.exitCode(), fetchSub::toString);
    assertEquals("alpha", Files.readString(Path.of(fetchSub.out().strip())));
    assertEquals("", fetchSub.err());
  }
}
