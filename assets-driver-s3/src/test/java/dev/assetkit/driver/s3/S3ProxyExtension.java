package dev.assetkit.driver.s3;

import dev.assetkit.testing.Emulators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives test classes an S3 server: the one named by {@code S3_ENDPOINT} in the environment (with
 * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}), else S3Proxy 4.1.0 started once for
 * the whole run as a separate JVM (it keeps blobs in its heap) on a free loopback port, and stopped
 * when the run ends. When it cannot start, tests are skipped locally and fail on CI ({@link
 * Emulators#unavailable}).
 *
 * <p>S3Proxy runs its {@code transient} (in-memory) jclouds backend, with AWS v2/v4 signatures
 * checked against a fixed identity so that wrong credentials are refused, and {@code
 * ignore-unknown-headers} so that SDK headers it does not know are not answered with 501.
 */
public final class S3ProxyExtension implements BeforeAllCallback {
  static final String IDENTITY = "assetkit-test-identity";
  static final String CREDENTIAL = "assetkit-test-credential";
  private static final long START_TIMEOUT_MS = 60_000;
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(S3ProxyExtension.class);

  private static volatile Started started;

  /** The server of this run; call from tests of a class extended with this extension. */
  public static S3TestServer server() {
    Started current = started;
    if (current == null || current.server == null) {
      throw new IllegalStateException("S3ProxyExtension did not start a server");
    }
    return current.server;
  }

  /** Used by JUnit through {@code @ExtendWith}. */
  public S3ProxyExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    Started current =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Started.class, k -> start(), Started.class);
    started = current;
    if (current.server == null) {
      Emulators.unavailable(current.what, current.why);
    }
  }

  /** A server, or why there is none; closed by JUnit when the run ends. */
  static final class Started implements AutoCloseable {
    final S3TestServer server;
    final String what;
    final String why;

    Started(S3TestServer server, String what, String why) {
      this.server = server;
      this.what = what;
      this.why = why;
    }

    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }

  private static Started start() {
    String external = System.getenv("S3_ENDPOINT");
    if (external != null && !external.isBlank()) {
      return external(external.trim());
    }
    Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    String what = "S3Proxy 4.1.0";
    if (!Files.isRegularFile(jar)) {
      return new Started(
          null,
          what,
          "no S3Proxy jar at "
              + jar
              + "; run the tests with Maven (mvn -pl assets-driver-s3 verify copies it there), or"
              + " set S3_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to use another"
              + " server");
    }
    String why = "";
    // A free port can be taken between our probe and S3Proxy's bind: try a few.
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      try {
        S3ProxyProcess process = S3ProxyProcess.start(jar, port);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        String description = what + " on " + endpoint;
        String failure = process.awaitPort(START_TIMEOUT_MS);
        if (failure == null) {
          return new Started(
              new S3TestServer(
                  description,
                  endpoint,
                  S3TestServer.environmentFor(endpoint, IDENTITY, CREDENTIAL),
                  true,
                  process::close),
              description,
              "");
        }
        process.close();
        why = failure;
      } catch (IOException e) {
        why = "cannot start java for S3Proxy: " + e;
      }
    }
    return new Started(null, what, why);
  }

  private static Started external(String endpoint) {
    String keyId = System.getenv("AWS_ACCESS_KEY_ID");
    String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
    String what = "the S3 server at S3_ENDPOINT=" + endpoint;
    if (keyId == null || secret == null) {
      return new Started(
          null, what, "S3_ENDPOINT is set but AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not");
    }
    URI uri = URI.create(endpoint);
    try (Socket socket = new Socket()) {
      int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      socket.connect(new InetSocketAddress(uri.getHost(), port), 5_000);
    } catch (IOException e) {
      return new Started(null, what, e.toString());
    }
    return new Started(new S3TestServer(what, uri, System.getenv(), false, () -> {}), what, "");
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One S3Proxy JVM, its log in {@code target/s3proxy}. */
  static final class S3ProxyProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;
    private final Thread shutdownHook;

    private S3ProxyProcess(Process process, Path log, int port) {
      this.process = process;
      this.log = log;
      this.port = port;
      // Stop it even when the test JVM ends without closing the JUnit store.
      this.shutdownHook = new Thread(process::destroyForcibly, "stop-s3proxy-" + port);
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static S3ProxyProcess start(Path jar, int port) throws IOException {
      Path dir = jar.toAbsolutePath().getParent();
      Path properties = dir.resolve("s3proxy-" + port + ".properties");
      Files.write(
          properties,
          List.of(
              "s3proxy.endpoint=http://127.0.0.1:" + port,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + IDENTITY,
              "s3proxy.credential=" + CREDENTIAL,
              "s3proxy.ignore-unknown-headers=true",
              "jclouds.provider=transient",
              "jclouds.identity=unused",
              "jclouds.credential=unused"),
          StandardCharsets.UTF_8);
      Path log = dir.resolve("s3proxy-" + port + ".log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
                  java,
                  "-Xmx1g",
                  "-XX:+UseParallelGC",
                  "-cp",
                  jar.toString(),
                  "org.gaul.s3proxy.Main",
                  "--properties",
                  properties.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.put("LOG_LEVEL", "warn");
      return new S3ProxyProcess(builder.start(), log, port);
    }

    /** Null once the port answers, else why not (with the tail of the log). */
    String awaitPort(long timeoutMs) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          return "S3Proxy exited with code " + process.exitValue() + "; log tail:\n" + logTail();
        }
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
          return null;
        } catch (IOException e) {
          sleep(100);
        }
      }
      return "S3Proxy did not answer on port "
          + port
          + " within "
          + timeoutMs / 1000
          + " s; log tail:\n"
          + logTail();
    }

    private String logTail() {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      } catch (IOException | UncheckedIOException e) {
        return "(no log at " + log + ": " + e + ")";
      }
    }

    private static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook runs and finds the process gone.
      }
    }
  }
}
