package dev.assetkit.driver.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Azure error, as the service sends it, becomes the right {@link StorageException}: reason,
 * retryability, a message naming the object and no secret. Served by {@link CannedAzureServer}, so
 * the SDK's own parsing and retries are part of what is tested.
 */
class AzureErrorsTest {
  private static final String CONTAINER = "canned";
  // What Azure echoes in a 403 body: it must not reach our messages.
  private static final String SIGNED_DETAIL =
      "<AuthenticationErrorDetail>The MAC signature found in the HTTP request 'SECRET-MAC' is not"
          + " the same as any computed signature. String to sign: 'SECRET-STRING'"
          + "</AuthenticationErrorDetail>";

  private static CannedAzureServer server;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() throws IOException {
    server = new CannedAzureServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static StorageDriver driverOn(int port, Duration timeout) {
    Map<String, String> environment =
        Map.of(
            AzureSettings.CONNECTION_STRING,
            TestAccount.emulatorConnectionString("127.0.0.1", port, TestAccount.EMULATOR_KEY));
    return new AzureStorageDriverProvider()
        .create(
            new DriverConfig(CONTAINER, environment, timeout, 2, DriverConfig.DEFAULT_PART_SIZE));
  }

  static Stream<Arguments> writeFailures() {
    return Stream.of(
        Arguments.of(404, "ContainerNotFound", Condition.none(), Reason.BUCKET_NOT_FOUND),
        Arguments.of(403, "AuthenticationFailed", Condition.none(), Reason.ACCESS_DENIED),
        Arguments.of(403, "AuthorizationFailure", Condition.none(), Reason.ACCESS_DENIED),
        Arguments.of(
            403, "AuthorizationPermissionMismatch", Condition.none(), Reason.ACCESS_DENIED),
        Arguments.of(
            412, "ConditionNotMet", Condition.ifTagMatches("\"0x1\""), Reason.PRECONDITION_FAILED),
        // Azure refuses a create-if-absent of an existing blob with 409, not 412.
        Arguments.of(409, "BlobAlreadyExists", Condition.ifAbsent(), Reason.PRECONDITION_FAILED),
        Arguments.of(409, "LeaseIdMissing", Condition.none(), Reason.OTHER),
        Arguments.of(503, "ServerBusy", Condition.none(), Reason.THROTTLED),
        Arguments.of(429, "TooManyRequests", Condition.none(), Reason.THROTTLED),
        Arguments.of(500, "InternalError", Condition.none(), Reason.UNAVAILABLE),
        Arguments.of(502, "BadGateway", Condition.none(), Reason.UNAVAILABLE),
        Arguments.of(500, "OperationTimedOut", Condition.none(), Reason.TIMEOUT),
        Arguments.of(400, "InvalidHeaderValue", Condition.none(), Reason.OTHER));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("writeFailures")
  void write_translatesTheServiceError(
      int status, String code, Condition condition, Reason expected) {
    server.answer(status, code, SIGNED_DETAIL);
    try (StorageDriver driver = driverOn(server.port(), Duration.ofSeconds(20))) {
      StorageException e =
          assertThrows(
              StorageException.class,
              () -> driver.write("some/key", "x".getBytes(UTF_8), condition));
      assertEquals(expected, e.reason(), e.getMessage());
      assertEquals(expected.retryable(), e.retryable());
      String text = e.getMessage();
      assertTrue(
          text.contains("az://canned/some/key") || text.contains("'canned'"),
          "names neither object nor container: " + text);
      assertFalse(text.contains("\n"), "not one line: " + text);
      assertNoSecretInChain(e);
    }
  }

  @Test
  void accessDenied_namesTheContainerAndWhereTheCredentialsCameFrom() {
    server.answer(403, "AuthenticationFailed", SIGNED_DETAIL);
    try (StorageDriver driver = driverOn(server.port(), Duration.ofSeconds(20))) {
      StorageException e = assertThrows(StorageException.class, () -> driver.stat("k"));
      assertEquals(Reason.ACCESS_DENIED, e.reason());
      assertTrue(e.getMessage().contains("container 'canned'"), e.getMessage());
      assertTrue(e.getMessage().contains("AZURE_STORAGE_CONNECTION_STRING"), e.getMessage());
      assertTrue(e.getMessage().contains("devstoreaccount1"), e.getMessage());
      assertNoSecretInChain(e);
    }
  }

  @Test
  void containerNotFound_onStat_isAnError_notAnAbsentObject() {
    server.answer(404, "ContainerNotFound", "");
    try (StorageDriver driver = driverOn(server.port(), Duration.ofSeconds(20))) {
      StorageException e = assertThrows(StorageException.class, () -> driver.stat("k"));
      assertEquals(Reason.BUCKET_NOT_FOUND, e.reason());
      assertTrue(e.getMessage().contains("container 'canned' does not exist"), e.getMessage());
    }
  }

  @Test
  void blobNotFound_isEmptyForStatAndRead_andNotFoundForDownload() throws IOException {
    server.answer(404, "BlobNotFound", "");
    try (StorageDriver driver = driverOn(server.port(), Duration.ofSeconds(20))) {
      assertEquals(Optional.empty(), driver.stat("k"));
      assertEquals(Optional.empty(), driver.read("k"));
      Path target = Files.writeString(tmp.resolve("target"), "kept");
      StorageException e = assertThrows(StorageException.class, () -> driver.download("k", target));
      assertEquals(Reason.NOT_FOUND, e.reason());
      assertEquals("kept", Files.readString(target), "a failed download leaves the target alone");
      try (Stream<Path> files = Files.list(tmp)) {
        assertEquals(List.of(target), files.toList(), "no temporary file is left behind");
      }
      driver.delete("k");
    }
  }

  @Test
  void sdkRetries_areFewAndBounded() {
    server.answer(503, "ServerBusy", "");
    try (StorageDriver driver = driverOn(server.port(), Duration.ofSeconds(20))) {
      assertThrows(StorageException.class, () -> driver.write("k", new byte[1], Condition.none()));
      assertEquals(AzureClients.MAX_TRIES, server.requests());
    }
  }

  @Test
  void closedPort_isUnavailable_andRetryable() throws IOException {
    int closed = AzuriteProcess.freePort();
    try (StorageDriver driver = driverOn(closed, Duration.ofSeconds(5))) {
      StorageException e = assertThrows(StorageException.class, () -> driver.stat("k"));
      assertEquals(Reason.UNAVAILABLE, e.reason(), e.getMessage());
      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("127.0.0.1:" + closed), e.getMessage());
    }
  }

  @Test
  void serverThatNeverAnswers_isATimeout_andRetryable() throws IOException {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!silent.isClosed()) {
                  try {
                    accepted.add(silent.accept());
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      try (StorageDriver driver = driverOn(silent.getLocalPort(), Duration.ofSeconds(2))) {
        StorageException e = assertThrows(StorageException.class, () -> driver.stat("k"));
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(e.retryable());
      }
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void describe_blanksSignaturesAndKeys() {
    String text =
        AzureErrors.describe(
            new IOException(
                "failed GET https://a.blob.core.windows.net/c/k?sv=1&sig=abc%2Fdef&se=2 with"
                    + " AccountKey=Zm9vYmFy;"));
    assertFalse(text.contains("abc%2Fdef"), text);
    assertFalse(text.contains("Zm9vYmFy"), text);
    assertTrue(text.contains("sig=REDACTED"), text);
  }

  private static void assertNoSecretInChain(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = String.valueOf(t.getMessage());
      assertFalse(text.contains("SECRET"), "secret in " + t.getClass().getName() + ": " + text);
      assertFalse(text.contains(TestAccount.EMULATOR_KEY), text);
    }
  }
}
