package dev.assetkit.driver.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Every S3 failure becomes the right reason with a one-line message naming the bucket or object and
 * how to fix it: from SDK exceptions built here, and end to end from a canned HTTP server that
 * answers with S3 errors (throttling, server errors) or never answers (timeout).
 */
class S3ErrorsTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private final S3Errors errors =
      new S3Errors(
          "bkt",
          "http://h:9000 (from S3_ENDPOINT)",
          "environment AWS_ACCESS_KEY_ID",
          Duration.ofSeconds(7));

  @TempDir Path tmp;

  private static S3Exception s3(int status, String code) {
    AwsErrorDetails.Builder details = AwsErrorDetails.builder().errorMessage("the server's words");
    if (!code.isEmpty()) {
      details.errorCode(code);
    }
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .requestId("REQ123")
            .awsErrorDetails(details.build())
            .build();
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @CsvSource({
    "404, NoSuchKey, NOT_FOUND, false",
    "404, NoSuchUpload, NOT_FOUND, false",
    "404, '', NOT_FOUND, false",
    "404, NoSuchBucket, BUCKET_NOT_FOUND, false",
    "412, PreconditionFailed, PRECONDITION_FAILED, false",
    "409, ConditionalRequestConflict, PRECONDITION_FAILED, false",
    "403, AccessDenied, ACCESS_DENIED, false",
    "403, InvalidAccessKeyId, ACCESS_DENIED, false",
    "403, SignatureDoesNotMatch, ACCESS_DENIED, false",
    "400, ExpiredToken, ACCESS_DENIED, false",
    "403, '', ACCESS_DENIED, false",
    "503, SlowDown, THROTTLED, true",
    "429, '', THROTTLED, true",
    "503, ServiceUnavailable, THROTTLED, true",
    "500, InternalError, UNAVAILABLE, true",
    "502, '', UNAVAILABLE, true",
    "400, RequestTimeout, UNAVAILABLE, true",
    "301, PermanentRedirect, INVALID_CONFIGURATION, false",
    "400, AuthorizationHeaderMalformed, INVALID_CONFIGURATION, false",
    "400, InvalidArgument, OTHER, false",
    "501, NotImplemented, OTHER, false",
    "409, BucketNotEmpty, OTHER, false",
  })
  void serviceErrors_becomeTheirReason(int status, String code, Reason reason, boolean retryable) {
    StorageException e = errors.translate(s3(status, code), "a/key");
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(retryable, e.retryable(), e.getMessage());
    assertOneLine(e);
    if (reason == Reason.BUCKET_NOT_FOUND) {
      assertTrue(e.getMessage().contains("'bkt'"), e.getMessage());
      assertTrue(e.getMessage().contains("create it or fix ASSETS_STORAGE_BUCKET"), e.getMessage());
    } else {
      assertTrue(e.getMessage().startsWith("s3://bkt/a/key: "), e.getMessage());
    }
    if (!code.isEmpty() && reason != Reason.BUCKET_NOT_FOUND) {
      assertTrue(e.getMessage().contains(code), "message names the S3 code: " + e.getMessage());
    }
  }

  @Test
  void accessDenied_namesTheBucketAndWhereCredentialsCameFrom() {
    StorageException e = errors.translate(s3(403, "SignatureDoesNotMatch"), "k");
    assertTrue(e.getMessage().contains("bucket 'bkt'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("with credentials from environment AWS_ACCESS_KEY_ID"),
        e.getMessage());
    assertTrue(e.getMessage().contains("secret key does not match"), e.getMessage());
  }

  @Test
  void wrongRegion_saysToSetAwsRegion() {
    StorageException e = errors.translate(s3(301, "PermanentRedirect"), "k");
    assertTrue(e.getMessage().contains("set AWS_REGION"), e.getMessage());
  }

  @Test
  void bucketLevelFailures_nameTheBucket() {
    StorageException e = errors.translate(s3(500, "InternalError"), null);
    assertTrue(e.getMessage().startsWith("S3 bucket 'bkt': "), e.getMessage());
  }

  @Test
  void apiCallTimeout_isTimeout_andSaysWhatToRaise() {
    StorageException e =
        errors.translate(ApiCallTimeoutException.builder().message("too slow").build(), "k");
    assertEquals(Reason.TIMEOUT, e.reason());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("within 7 s"), e.getMessage());
    assertTrue(e.getMessage().contains("ASSETS_STORAGE_TIMEOUT_S"), e.getMessage());
  }

  @Test
  void connectionRefused_isUnavailable_retryable() {
    StorageException e =
        errors.translate(
            SdkClientException.builder()
                .message("Unable to execute HTTP request: Connection refused")
                .cause(new ConnectException("Connection refused"))
                .build(),
            "k");
    assertEquals(Reason.UNAVAILABLE, e.reason());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("http://h:9000 (from S3_ENDPOINT)"), e.getMessage());
  }

  @Test
  void socketTimeout_isTimeout() {
    StorageException e =
        errors.translate(
            SdkClientException.builder()
                .message("Unable to execute HTTP request: Read timed out")
                .cause(new SocketTimeoutException("Read timed out"))
                .build(),
            "k");
    assertEquals(Reason.TIMEOUT, e.reason());
    assertTrue(e.retryable());
  }

  @Test
  void brokenStreamWhileReading_isUnavailable() {
    StorageException e = errors.network(new IOException("Premature end of chunk"), "k");
    assertEquals(Reason.UNAVAILABLE, e.reason());
    assertTrue(e.retryable());
  }

  @Test
  void answerCutInsideItsHeaders_isUnavailable_retryable() {
    StorageException e =
        errors.translate(
            SdkClientException.builder()
                .message(
                    "Unable to unmarshall response (Text 'Tue, 24 Nov 2026 15:14:' could not be"
                        + " parsed at index 23). Response Code: 206, Response Text: Partial Content")
                .cause(new java.time.format.DateTimeParseException("cut", "Tue, 24", 7))
                .build(),
            "k");
    assertEquals(Reason.UNAVAILABLE, e.reason());
    assertTrue(e.retryable());
  }

  @Test
  void checksumMismatch_isCorrupt_retryable() {
    StorageException e =
        errors.translate(
            SdkClientException.create(
                "Data read has a different checksum than expected. Was 0x1, but expected 0x2."),
            "k");
    assertEquals(Reason.CORRUPT, e.reason());
    assertTrue(e.retryable());
  }

  @Test
  void noCredentialsAnywhere_isAccessDenied_sayingWhatToSet() {
    StorageException e =
        new S3Errors("bkt", "AWS S3", "the AWS default credential chain", Duration.ofSeconds(1))
            .translate(
                SdkClientException.create(
                    "Unable to load credentials from any of the providers in the chain"),
                "k");
    assertEquals(Reason.ACCESS_DENIED, e.reason());
    assertTrue(e.getMessage().contains("the AWS default credential chain"), e.getMessage());
    assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID"), e.getMessage());
  }

  @Test
  void localFileProblems_areNotBlamedOnTheStore() {
    StorageException e =
        errors.translate(
            new LocalFileException("write", Path.of("/x/y"), new IOException("No space left")),
            "k");
    assertEquals(Reason.OTHER, e.reason());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("/x/y"), e.getMessage());
  }

  @Test
  void storageExceptions_passThroughUnchanged() {
    StorageException original = new StorageException(Reason.CORRUPT, "as is");
    assertEquals(original, errors.translate(original, "k"));
  }

  // ---- end to end, from a canned server

  /** An S3 look-alike answering every request with one status and error code; counts requests. */
  private static final class CannedServer implements AutoCloseable {
    final HttpServer http;
    final AtomicInteger requests = new AtomicInteger();

    CannedServer(int status, String code) throws IOException {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext(
          "/",
          exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            byte[] body =
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                        + code
                        + "</Code><Message>canned</Message><RequestId>CANNED</RequestId></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
              exchange.getResponseBody().write(body);
            }
            exchange.close();
          });
      http.start();
    }

    String endpoint() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  private static StorageDriver driverAt(String endpoint, Duration timeout) {
    return new S3StorageDriver(
        new DriverConfig(
            "bkt",
            Map.of(
                "S3_ENDPOINT", endpoint,
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", SECRET),
            timeout,
            2,
            DriverConfig.DEFAULT_PART_SIZE),
        List.of());
  }

  @Test
  void slowDown_fromTheServer_isThrottled_afterTheSdksFewRetries() throws Exception {
    try (CannedServer server = new CannedServer(503, "SlowDown");
        StorageDriver driver = driverAt(server.endpoint(), Duration.ofSeconds(30))) {
      StorageException e =
          assertThrows(
              StorageException.class, () -> driver.write("k", new byte[1], Condition.none()));
      assertEquals(Reason.THROTTLED, e.reason(), e.getMessage());
      assertTrue(e.retryable());
      // The driver's direct PUT (DirectRequests) hands the 503 to the SDK, which tries 3 times.
      assertEquals(1 + 3, server.requests.get(), "one direct attempt, then the SDK's 3, no more");
      assertFalse(e.getMessage().contains(SECRET));
    }
  }

  @Test
  void internalError_fromTheServer_isUnavailable() throws Exception {
    try (CannedServer server = new CannedServer(500, "InternalError");
        StorageDriver driver = driverAt(server.endpoint(), Duration.ofSeconds(30))) {
      StorageException e = assertThrows(StorageException.class, () -> driver.read("some/key"));
      assertEquals(Reason.UNAVAILABLE, e.reason(), e.getMessage());
      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("s3://bkt/some/key"), e.getMessage());
    }
  }

  @Test
  void forbiddenHead_withoutABody_isAccessDenied() throws Exception {
    try (CannedServer server = new CannedServer(403, "AccessDenied");
        StorageDriver driver = driverAt(server.endpoint(), Duration.ofSeconds(30))) {
      StorageException e = assertThrows(StorageException.class, () -> driver.stat("k"));
      assertEquals(Reason.ACCESS_DENIED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("environment AWS_ACCESS_KEY_ID"), e.getMessage());
      assertFalse(e.getMessage().contains(SECRET));
    }
  }

  @Test
  void serverThatNeverAnswers_isTimeout() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket socket = silent.accept();
                    synchronized (held) {
                      held.add(socket);
                    }
                    // Read the request, never answer.
                    InputStream in = socket.getInputStream();
                    new Thread(() -> drain(in)).start();
                  }
                } catch (IOException closed) {
                  // The test is over.
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      try (StorageDriver driver =
          driverAt("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofSeconds(2))) {
        StorageException e = assertThrows(StorageException.class, () -> driver.stat("k"));
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(e.retryable());
      }
    } finally {
      synchronized (held) {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }

  private static void drain(InputStream in) {
    try {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // Closed by the test.
    }
  }

  private static void assertOneLine(StorageException e) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }
}
