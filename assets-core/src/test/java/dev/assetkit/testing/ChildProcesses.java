package dev.assetkit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@link EngineChild} JVMs on this test's class path and reads what they print. */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** Starts a child with exactly {@code environment} (plus PATH and HOME) and {@code args}. */
  public static Process start(Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(EngineChild.class.getName());
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile("engine-child-", ".err");
    stderr.toFile().deleteOnExit(); // read by stderrTail while this JVM runs, not after
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    String home = env.get("HOME");
    env.clear();
    if (path != null) {
      env.put("PATH", path);
    }
    if (home != null) {
      env.put("HOME", home);
    }
    env.putAll(environment);
    Process process = builder.start();
    ERRORS.put(process, stderr);
    return process;
  }

  private static final Map<Process, Path> ERRORS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The last lines the child wrote on stderr, for failure messages. */
  public static String stderrTail(Process process) {
    Path file = ERRORS.get(process);
    if (file == null) {
      return "";
    }
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }

  /** Reads lines until {@code expected}; fails if the child ends first. */
  public static void awaitLine(Process process, String expected) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.equals(expected)) {
        return;
      }
    }
    throw new AssertionError(
        "child ended before printing " + expected + "; its stderr:\n" + stderrTail(process));
  }

  /** Every line the child prints, after it exits with status 0. */
  public static List<String> linesOfSuccess(Process process) throws Exception {
    List<String> lines = lines(process);
    assertEquals(
        0,
        process.exitValue(),
        () -> "child failed: " + lines + "; its stderr:\n" + stderrTail(process));
    return lines;
  }

  /** Every line the child prints, after it exits. */
  public static List<String> lines(Process process) throws Exception {
    List<String> lines;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      lines = reader.lines().toList();
    }
    assertTrue(process.waitFor(300, TimeUnit.SECONDS), "child did not finish");
    return lines;
  }

  /** Kills the child with SIGKILL and waits for it. */
  public static void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "killed child did not end");
  }
}
