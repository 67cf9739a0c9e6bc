package dev.assetkit.cli;

import dev.assetkit.driver.azure.AzureStorageDriverProvider;
import dev.assetkit.driver.gcs.GcsStorageDriverProvider;
import dev.assetkit.driver.local.LocalStorageDriverProvider;
import dev.assetkit.driver.s3.S3StorageDriverProvider;
import dev.assetkit.spi.StorageDriverRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands take from the process: the environment, the working directory, stdin and
 * whether the streams are terminals, and the storage drivers. {@link #system()} reads the real
 * process; tests build their own so that no command touches global state.
 */
public final class CliContext {
  private final Map<String, String> env;
  private final Path workingDir;
  private final BufferedReader stdin;
  private final boolean interactive;
  private final boolean progressTerminal;
  private final Path tempDir;
  // Null until first use, then the bundled drivers (or those a test gave).
  // Not a Supplier: a cached fetch never needs drivers, and its first lambda would cost ~7 ms
  // of method-handle bootstrap at start-up (bench/analysis.md, figure 2).
  private StorageDriverRegistry registry;

  private CliContext(
      Map<String, String> env,
      Path workingDir,
      BufferedReader stdin,
      boolean interactive,
      boolean progressTerminal,
      StorageDriverRegistry registry,
      Path tempDir) {
    this.env = Map.copyOf(env);
    this.workingDir = workingDir;
    this.stdin = stdin;
    this.interactive = interactive;
    this.progressTerminal = progressTerminal;
    this.registry = registry;
    this.tempDir = tempDir;
  }

  /** The real process: its environment, stdin, terminals, and the drivers on the class path. */
  public static CliContext system() {
    Map<String, String> env = System.getenv();
    boolean console = System.console() != null;
    return new CliContext(
        env,
        Path.of(""),
        new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())),
        console,
        console && stderrIsTerminal(env),
        null,
        defaultTempDir());
  }

  /**
   * A context for tests: this environment and working directory, an empty stdin that is not a
   * terminal, no progress display, and the drivers on the class path.
   */
  public static CliContext of(Map<String, String> env, Path workingDir) {
    return new CliContext(
        env,
        workingDir,
        new BufferedReader(new StringReader("")),
        false,
        false,
        null,
        defaultTempDir());
  }

  /** The same context whose stdin holds {@code input}, a terminal or not. */
  public CliContext withStdin(String input, boolean terminal) {
    return new CliContext(
        env,
        workingDir,
        new BufferedReader(new StringReader(input)),
        terminal,
        progressTerminal,
        registry,
        tempDir);
  }

  /** The same context with stderr a terminal (progress shown) or not. */
  public CliContext withProgressTerminal(boolean terminal) {
    return new CliContext(env, workingDir, stdin, interactive, terminal, registry, tempDir);
  }

  /** The same context with these drivers instead of those on the class path. */
  public CliContext withRegistry(StorageDriverRegistry drivers) {
    Objects.requireNonNull(drivers);
    return new CliContext(env, workingDir, stdin, interactive, progressTerminal, drivers, tempDir);
  }

  /** The same context with temporary files (pulled remote sources) under {@code dir}. */
  public CliContext withTempDir(Path dir) {
    return new CliContext(env, workingDir, stdin, interactive, progressTerminal, registry, dir);
  }

  /** The environment variables. */
  public Map<String, String> env() {
    return env;
  }

  /** What relative paths resolve against. */
  public Path workingDir() {
    return workingDir;
  }

  /** Where answers to prompts are read. */
  public BufferedReader stdin() {
    return stdin;
  }

  /** Whether a person can answer a prompt (stdin and stdout are a terminal). */
  public boolean interactive() {
    return interactive;
  }

  /** Whether stderr is a terminal, where a progress line can be redrawn. */
  public boolean progressTerminal() {
    return progressTerminal;
  }

  /**
   * The storage drivers, made on first use: the four this jar bundles, and any other found on the
   * class path when a provider none of them has is asked for.
   */
  public synchronized StorageDriverRegistry registry() {
    if (registry == null) {
      registry =
          StorageDriverRegistry.bundledFirst(
              List.of(
                  new LocalStorageDriverProvider(),
                  new S3StorageDriverProvider(),
                  new GcsStorageDriverProvider(),
                  new AzureStorageDriverProvider()),
              CliContext.class.getClassLoader());
    }
    return registry;
  }

  /** Where remote sources are pulled before a push ({@code java.io.tmpdir} by default). */
  public Path tempDir() {
    return tempDir;
  }

  private static Path defaultTempDir() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** The terminal width for one-line displays, from {@code COLUMNS}, else 80. */
  public int columns() {
    try {
      int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "80").trim());
      return columns >= 20 ? columns : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /**
   * Java 17 cannot ask whether stderr is a terminal; on Linux its file descriptor says so. Where
   * {@code /proc} is missing, a console on stdin and stdout stands for it.
   */
  private static boolean stderrIsTerminal(Map<String, String> env) {
    if ("dumb".equals(env.get("TERM"))) {
      return false;
    }
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd)) {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // Fall through to the console's answer.
    }
    return true;
  }
}
