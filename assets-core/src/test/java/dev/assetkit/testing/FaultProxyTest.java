package dev.assetkit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.assetkit.testing.FaultProxy.Fault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy injects each fault it promises, on a real HTTP exchange. */
class FaultProxyTest {
  private static final byte[] BODY =
      "x".repeat(10_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, BODY.length);
          exchange.getResponseBody().write(BODY);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private HttpResponse<byte[]> get(FaultProxy proxy) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/"))
            .timeout(Duration.ofSeconds(2))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private FaultProxy proxy(Fault fault) throws IOException {
    return FaultProxy.start(server.getAddress(), FaultProxy.first(1, fault));
  }

  @Test
  void pass_forwardsTheWholeAnswer() throws Exception {
    try (FaultProxy proxy = FaultProxy.start(server.getAddress(), n -> Fault.PASS)) {
      HttpResponse<byte[]> response = get(proxy);
      assertEquals(200, response.statusCode());
      assertEquals(BODY.length, response.body().length);
    }
  }

  @Test
  void http503_answersServiceUnavailable_thenPasses() throws Exception {
    try (FaultProxy proxy = proxy(Fault.HTTP_503)) {
      assertEquals(503, get(proxy).statusCode());
      assertEquals(200, get(proxy).statusCode());
      assertEquals(2, proxy.connections());
    }
  }

  @Test
  void reset_failsTheRequest() throws Exception {
    // Every connection: the JDK client itself retries a reset GET once on a new connection.
    try (FaultProxy proxy = FaultProxy.start(server.getAddress(), n -> Fault.RESET)) {
      assertThrows(IOException.class, () -> get(proxy));
      assertTrue(proxy.connections() >= 1);
    }
  }

  @Test
  void stall_neverAnswers() throws Exception {
    try (FaultProxy proxy = proxy(Fault.STALL)) {
      assertThrows(HttpTimeoutException.class, () -> get(proxy));
    }
  }

  @Test
  void truncate_cutsTheAnswer() throws Exception {
    try (FaultProxy proxy = proxy(Fault.TRUNCATE)) {
      IOException e = assertThrows(IOException.class, () -> get(proxy));
      assertTrue(e.getMessage() == null || !e.getMessage().isEmpty());
    }
  }
}
