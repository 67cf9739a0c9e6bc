package dev.assetkit.driver.azure;

import dev.assetkit.testing.Emulators;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a storage account: the server {@code AZURE_STORAGE_CONNECTION_STRING} in the
 * environment points to, or else Azurite, started once for the whole test JVM and stopped when the
 * run ends. When neither can be had, each test is skipped locally and the class fails on CI ({@link
 * Emulators#unavailable}).
 *
 * <p>Register it as {@code @RegisterExtension static final AzuriteExtension AZURITE = new
 * AzuriteExtension();} and call {@link #account()} in tests. Public for the CLI's tests of its
 * shaded jar.
 */
public final class AzuriteExtension implements BeforeAllCallback, BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AzuriteExtension.class);

  private Server server;

  /** An extension to register in a static field; the server is shared by the whole run. */
  public AzuriteExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Server.class, type -> Server.start(), Server.class);
    if (server.failure != null && Emulators.onCi()) {
      Emulators.unavailable(server.what, server.failure); // one failure for the class
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server.failure != null) {
      // Locally: each test is reported as skipped, so the gap shows in the counts.
      Emulators.unavailable(server.what, server.failure);
    }
  }

  /** The account; valid once the class's {@code @BeforeAll} phase has passed. */
  public TestAccount account() {
    if (server == null || server.account == null) {
      throw new IllegalStateException("no storage account: the extension did not run");
    }
    return server.account;
  }

  /**
   * The shared server, or why there is none (kept so that every class reports it without trying
   * again). Closed by JUnit at the end of the run, as a value of the root store.
   */
  private static final class Server implements AutoCloseable {
    private final String what;
    private final TestAccount account;
    private final AzuriteProcess process;
    private final String failure;

    private Server(String what, TestAccount account, AzuriteProcess process, String failure) {
      this.what = what;
      this.account = account;
      this.process = process;
      this.failure = failure;
    }

    static Server start() {
      String fromEnvironment = System.getenv(AzureSettings.CONNECTION_STRING);
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        return external(new TestAccount(fromEnvironment.trim()));
      }
      Path home = Path.of(System.getProperty("azurite.dir", "target/azurite"));
      String what = "Azurite " + AzuriteProcess.VERSION + " (npm, under " + home + ")";
      try {
        AzuriteProcess process = AzuriteProcess.start(home);
        return new Server(what, process.account(), process, null);
      } catch (AzuriteProcess.StartFailure e) {
        return new Server(what, null, null, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Server(what, null, null, "interrupted while starting");
      }
    }

    private static Server external(TestAccount account) {
      String endpoint = account.blobEndpoint();
      String what = "the server in " + AzureSettings.CONNECTION_STRING + " (" + endpoint + ")";
      try (Socket socket = new Socket()) {
        URI uri = URI.create(endpoint);
        int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
        socket.connect(new InetSocketAddress(uri.getHost(), port), 5_000);
        return new Server(what, account, null, null);
      } catch (Exception e) {
        return new Server(what, null, null, "cannot connect: " + e);
      }
    }

    @Override
    public void close() {
      if (process != null) {
        process.close();
      }
    }
  }
}
