package dev.assetkit.driver.azure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Azurite's blob service as a separate Node.js process: installed from npm into the build directory
 * once ({@code npm install azurite@3.35.0}, skipped when already there), started on a free loopback
 * port with its data in a temporary folder, stopped and wiped by {@link #close()}.
 *
 * <p>3.35.0 is pinned: later releases need Node 22. With {@code --skipApiVersionCheck} it accepts
 * the newer API versions the SDK sends.
 */
final class AzuriteProcess implements AutoCloseable {
  static final String VERSION = "3.35.0";

  private static final long INSTALL_TIMEOUT_S = 300;
  private static final Pattern VERSION_FIELD = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
  private static final long START_TIMEOUT_MS = 60_000;

  private final Process process;
  private final int port;
  private final Path data;
  private final Thread killOnExit;

  private AzuriteProcess(Process process, int port, Path data) {
    this.process = process;
    this.port = port;
    this.data = data;
    this.killOnExit = new Thread(process::destroyForcibly, "azurite-kill-on-exit");
    // Should the test JVM end without closing us (killed by a timeout), Azurite goes with it.
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** Why Azurite could not be made to run, with the tail of its log. */
  static final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StartFailure(String message) {
      super(message);
    }
  }

  /** Installs (if needed) and starts Azurite under {@code home}, waiting until its port answers. */
  static AzuriteProcess start(Path home) throws StartFailure, InterruptedException {
    try {
      Files.createDirectories(home);
      install(home);
    } catch (IOException e) {
      throw new StartFailure("cannot install Azurite under " + home + ": " + e);
    }
    StartFailure last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return launch(home);
      } catch (StartFailure e) {
        // Another process may have taken the free port we picked: try another one.
        last = e;
        if (!e.getMessage().contains("EADDRINUSE")) {
          break;
        }
      }
    }
    throw last;
  }

  /** The account on this server. */
  TestAccount account() {
    return TestAccount.emulator("127.0.0.1", port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs anyway.
    }
    deleteTree(data);
  }

  private static void install(Path home) throws IOException, StartFailure, InterruptedException {
    if (installedVersion(home).equals(VERSION)) {
      return;
    }
    Path log = home.resolve("npm-install.log");
    List<String> command =
        List.of(
            npm(),
            "install",
            "--prefix",
            home.toAbsolutePath().toString(),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "azurite@" + VERSION);
    Process npm;
    try {
      npm =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new StartFailure("npm is not on the PATH (install Node.js 20 and npm): " + e);
    }
    if (!npm.waitFor(INSTALL_TIMEOUT_S, TimeUnit.SECONDS)) {
      npm.destroyForcibly();
      throw new StartFailure(
          "npm install azurite@" + VERSION + " took over " + INSTALL_TIMEOUT_S + " s" + tail(log));
    }
    if (npm.exitValue() != 0 || !installedVersion(home).equals(VERSION)) {
      throw new StartFailure(
          "npm install azurite@" + VERSION + " failed (exit " + npm.exitValue() + ")" + tail(log));
    }
  }

  private static String installedVersion(Path home) throws IOException {
    Path manifest = home.resolve("node_modules/azurite/package.json");
    if (!Files.isRegularFile(manifest) || !Files.isRegularFile(blobMain(home))) {
      return "none";
    }
    Matcher matcher = VERSION_FIELD.matcher(Files.readString(manifest));
    return matcher.find() ? matcher.group(1) : "unknown";
  }

  private static Path blobMain(Path home) {
    return home.resolve("node_modules/azurite/dist/src/blob/main.js");
  }

  private static AzuriteProcess launch(Path home) throws StartFailure, InterruptedException {
    int port;
    Path data;
    Path log;
    Process process;
    try {
      port = freePort();
      data = Files.createTempDirectory(home, "data-");
      log = home.resolve("azurite-" + port + ".log");
      process =
          new ProcessBuilder(
                  "node",
                  blobMain(home).toAbsolutePath().toString(),
                  "--blobHost",
                  "127.0.0.1",
                  "--blobPort",
                  Integer.toString(port),
                  "--location",
                  data.toAbsolutePath().toString(),
                  "--skipApiVersionCheck",
                  "--disableTelemetry")
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new StartFailure("cannot start Azurite with node (is Node.js 20 on the PATH?): " + e);
    }
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        deleteTree(data);
        throw new StartFailure("Azurite exited with " + process.exitValue() + tail(log));
      }
      if (answers(port)) {
        return new AzuriteProcess(process, port, data);
      }
      Thread.sleep(100);
    }
    process.destroyForcibly();
    deleteTree(data);
    throw new StartFailure(
        "Azurite did not open port "
            + port
            + " within "
            + START_TIMEOUT_MS / 1000
            + " s"
            + tail(log));
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String npm() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
        ? "npm.cmd"
        : "npm";
  }

  /** The last lines of {@code log}, to say why in one failure message. */
  static String tail(Path log) {
    try {
      List<String> lines =
          new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
      return "; last lines of "
          + log
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "; no log at " + log;
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(AzuriteProcess::deleteQuietly);
    } catch (IOException e) {
      // Leftover test data under target/ goes with the next clean.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // As above.
    }
  }
}
