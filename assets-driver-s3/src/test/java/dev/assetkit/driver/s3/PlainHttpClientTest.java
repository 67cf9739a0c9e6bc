package dev.assetkit.driver.s3;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The direct requests' HTTP/1.1 client against a server whose every answer the test writes byte by
 * byte, so keep-alive, stale connections, bodies without a length and broken answers are exact.
 */
class PlainHttpClientTest {
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** What a scripted connection does with the requests it reads. */
  interface Script {
    /** Answers on {@code connection} (its index in accept order); returns to close it. */
    void serve(int connection, InputStream in, OutputStream out) throws IOException;
  }

  /** A loopback server that runs a script per accepted connection and keeps what it read. */
  private final class ScriptedServer implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();

    ScriptedServer(Script script) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket connection = socket.accept();
                    int index = accepted.getAndIncrement();
                    open.add(connection);
                    Thread serving =
                        new Thread(
                            () -> {
                              try (connection) {
                                script.serve(
                                    index,
                                    connection.getInputStream(),
                                    connection.getOutputStream());
                              } catch (IOException e) {
                                // the client went away
                              } finally {
                                ended.incrementAndGet();
                              }
                            });
                    serving.setDaemon(true);
                    serving.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      open.add(this);
    }

    URI uri(String pathAndQuery) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + pathAndQuery);
    }

    /** Reads one request (head and, by its Content-Length, body), keeps it; null at the end. */
    String readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        if (head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
          break;
        }
      }
      if (b < 0) {
        return null;
      }
      String text = head.toString(ISO_8859_1);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      String request = text + new String(in.readNBytes(length), ISO_8859_1);
      requests.add(request);
      return request;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private PlainHttpClient client(Duration readTimeout, Duration maxIdle) {
    PlainHttpClient client = new PlainHttpClient(Duration.ofSeconds(5), readTimeout, maxIdle);
    open.add(client);
    return client;
  }

  private PlainHttpClient client() {
    return client(Duration.ofSeconds(10), Duration.ofMinutes(1));
  }

  private static HttpExecuteResponse get(PlainHttpClient client, URI uri) throws IOException {
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri).build();
    return client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call();
  }

  private static byte[] body(HttpExecuteResponse response) throws IOException {
    try (InputStream in = response.responseBody().orElseThrow()) {
      return in.readAllBytes();
    }
  }

  private static void answer(OutputStream out, String headers, String body) throws IOException {
    out.write(("HTTP/1.1 200 OK\r\n" + headers + "\r\n" + body).getBytes(ISO_8859_1));
    out.flush();
  }

  /** A server that answers every request with {@code body}, keeping the connection open. */
  private ScriptedServer keepingAlive(String body) throws IOException {
    ScriptedServer[] server = new ScriptedServer[1];
    server[0] =
        new ScriptedServer(
            (index, in, out) -> {
              while (server[0].readRequest(in) != null) {
                answer(out, "Content-Length: " + body.length() + "\r\n", body);
              }
            });
    return server[0];
  }

  /** A server that answers each connection's one request with {@code raw}, then closes it. */
  private ScriptedServer answeringOnce(String raw) throws IOException {
    ScriptedServer[] server = new ScriptedServer[1];
    server[0] =
        new ScriptedServer(
            (index, in, out) -> {
              server[0].readRequest(in);
              out.write(raw.getBytes(ISO_8859_1));
              out.flush();
            });
    return server[0];
  }

  @Test
  void requests_reuseOneConnection_andSendTheirTargetAndHeaders() throws Exception {
    ScriptedServer server = keepingAlive("hello");
    PlainHttpClient client = client();
    for (int i = 0; i < 3; i++) {
      SdkHttpRequest request =
          SdkHttpRequest.builder()
              .method(SdkHttpMethod.GET)
              .uri(server.uri("/bucket/a%20b/c?x=1"))
              .putHeader("Range", "bytes=0-4")
              .build();
      HttpExecuteResponse response =
          client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call();
      assertEquals(200, response.httpResponse().statusCode());
      assertEquals("5", response.httpResponse().firstMatchingHeader("content-length").get());
      assertArrayEquals("hello".getBytes(UTF_8), body(response));
    }
    assertEquals(1, server.accepted.get());
    String first = server.requests.get(0);
    assertTrue(first.startsWith("GET /bucket/a%20b/c?x=1 HTTP/1.1\r\n"), first);
    assertTrue(first.contains("Host: 127.0.0.1:" + server.socket.getLocalPort() + "\r\n"), first);
    assertTrue(first.contains("Range: bytes=0-4\r\n"), first);
  }

  @Test
  void aPut_sendsItsBodyWithItsLength() throws Exception {
    ScriptedServer server = keepingAlive("");
    byte[] content = "some bytes".getBytes(UTF_8);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.PUT)
            .uri(server.uri("/bucket/key"))
            .putHeader("Content-Length", String.valueOf(content.length))
            .putHeader("If-None-Match", "*")
            .build();
    HttpExecuteResponse response =
        client()
            .prepareRequest(
                HttpExecuteRequest.builder()
                    .request(request)
                    .contentStreamProvider(ContentStreamProvider.fromByteArray(content))
                    .build())
            .call();
    assertEquals(200, response.httpResponse().statusCode());
    assertArrayEquals(new byte[0], body(response));
    String put = server.requests.get(0);
    assertTrue(put.startsWith("PUT /bucket/key HTTP/1.1\r\n"), put);
    assertTrue(put.contains("If-None-Match: *\r\n"), put);
    assertTrue(put.endsWith("\r\n\r\nsome bytes"), put);
  }

  @Test
  void aBodyWithoutALength_isRefusedOnAPut() throws Exception {
    ScriptedServer server = keepingAlive("");
    SdkHttpRequest request =
        SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(server.uri("/k")).build();
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                client()
                    .prepareRequest(
                        HttpExecuteRequest.builder()
                            .request(request)
                            .contentStreamProvider(ContentStreamProvider.fromUtf8String("x"))
                            .build())
                    .call());
    assertTrue(e.getMessage().contains("Content-Length"), e.getMessage());
  }

  @Test
  void aHeaderWithALineBreak_isRefused_andNothingIsSent() throws Exception {
    ScriptedServer server = keepingAlive("x");
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(server.uri("/k"))
            .putHeader("If-Match", "\"tag\"\r\nX-Injected: yes")
            .build();
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                client()
                    .prepareRequest(HttpExecuteRequest.builder().request(request).build())
                    .call());
    assertTrue(e.getMessage().contains("If-Match"), e.getMessage());
    assertEquals(List.of(), server.requests);
  }

  @Test
  void aBodilessAnswer_withConnectionClose_closesItsConnection() throws Exception {
    ScriptedServer[] server = new ScriptedServer[1];
    server[0] =
        new ScriptedServer(
            (index, in, out) -> {
              while (server[0].readRequest(in) != null) {
                out.write(
                    "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(ISO_8859_1));
              }
            });
    PlainHttpClient client = client();
    assertEquals(204, get(client, server[0].uri("/a")).httpResponse().statusCode());
    assertEquals(204, get(client, server[0].uri("/b")).httpResponse().statusCode());
    assertEquals(2, server[0].accepted.get());
  }

  @Test
  void aPooledConnectionClosedByTheServer_isReplaced_andTheRequestSentAgain() throws Exception {
    // Says nothing of closing, then closes after one answer, as a server's idle timeout would.
    ScriptedServer server = answeringOnce("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    PlainHttpClient client = client();
    assertArrayEquals("ok".getBytes(UTF_8), body(get(client, server.uri("/a"))));
    Thread.sleep(100); // the server's close reaches the client's socket
    assertArrayEquals("ok".getBytes(UTF_8), body(get(client, server.uri("/b"))));
    assertEquals(2, server.accepted.get());
    assertEquals(2, server.requests.size(), "the stale connection got no request through");
  }

  @Test
  void aBodyClosedBeforeItsEnd_closesItsConnection() throws Exception {
    ScriptedServer server = keepingAlive("0123456789");
    PlainHttpClient client = client();
    HttpExecuteResponse response = get(client, server.uri("/a"));
    try (InputStream in = response.responseBody().orElseThrow()) {
      assertEquals('0', in.read());
    }
    assertArrayEquals("0123456789".getBytes(UTF_8), body(get(client, server.uri("/b"))));
    assertArrayEquals("0123456789".getBytes(UTF_8), body(get(client, server.uri("/c"))));
    assertEquals(2, server.accepted.get(), "a new connection after the unread body, then reused");
  }

  @Test
  void connectionClose_isHonoured() throws Exception {
    ScriptedServer[] server = new ScriptedServer[1];
    server[0] =
        new ScriptedServer(
            (index, in, out) -> {
              while (server[0].readRequest(in) != null) {
                answer(out, "Content-Length: 1\r\nConnection: close\r\n", "x");
              }
            });
    PlainHttpClient client = client();
    body(get(client, server[0].uri("/a")));
    body(get(client, server[0].uri("/b")));
    assertEquals(2, server[0].accepted.get());
  }

  @Test
  void anIdleConnection_isNotReusedAfterTheMaximumIdleTime() throws Exception {
    ScriptedServer server = keepingAlive("x");
    PlainHttpClient client = client(Duration.ofSeconds(10), Duration.ofMillis(50));
    body(get(client, server.uri("/a")));
    Thread.sleep(200);
    body(get(client, server.uri("/b")));
    assertEquals(2, server.accepted.get());
    assertEquals(2, server.requests.size());
  }

  @Test
  void connectionsLeftIdleAfterABurst_areClosed_whileNewerOnesAreReused() throws Exception {
    ScriptedServer server = keepingAlive("x");
    PlainHttpClient client = client(Duration.ofSeconds(10), Duration.ofMillis(50));
    HttpExecuteResponse first = get(client, server.uri("/a"));
    HttpExecuteResponse second = get(client, server.uri("/b")); // the first one is busy
    body(first);
    body(second);
    assertEquals(2, server.accepted.get());

    long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
    while (System.nanoTime() < until && server.ended.get() == 0) {
      body(get(client, server.uri("/c"))); // always the newest, never idle long
      Thread.sleep(5);
    }
    assertEquals(2, server.accepted.get(), "the newest connection served them all");
    assertEquals(1, server.ended.get(), "the one left idle was closed");
  }

  @Test
  void anAnswerWithoutALength_isReadUntilTheServerCloses() throws Exception {
    ScriptedServer server = answeringOnce("HTTP/1.1 200 OK\r\n\r\nuntil the end");
    PlainHttpClient client = client();
    assertArrayEquals("until the end".getBytes(UTF_8), body(get(client, server.uri("/a"))));
    body(get(client, server.uri("/b")));
    assertEquals(2, server.accepted.get());
  }

  @Test
  void interimAnswers_areSkipped() throws Exception {
    ScriptedServer server =
        answeringOnce(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone");
    HttpExecuteResponse response = get(client(), server.uri("/a"));
    assertEquals(200, response.httpResponse().statusCode());
    assertArrayEquals("done".getBytes(UTF_8), body(response));
  }

  @Test
  void anErrorAnswer_isHandedOverWithItsStatusAndBody() throws Exception {
    ScriptedServer server =
        answeringOnce("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nNoSuchKey");
    HttpExecuteResponse response = get(client(), server.uri("/a"));
    assertEquals(404, response.httpResponse().statusCode());
    assertEquals("Not Found", response.httpResponse().statusText().orElseThrow());
    assertArrayEquals("NoSuchKey".getBytes(UTF_8), body(response));
  }

  @Test
  void anAnswerCutInItsHead_fails_andIsNotSentAgain() throws Exception {
    ScriptedServer server = answeringOnce("HTTP/1.1 200 OK\r\nContent-Le");
    assertThrows(EOFException.class, () -> get(client(), server.uri("/a")));
    assertEquals(1, server.requests.size());
  }

  @Test
  void aBodyCutShort_failsWhenRead() throws Exception {
    ScriptedServer server = answeringOnce("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123");
    HttpExecuteResponse response = get(client(), server.uri("/a"));
    EOFException e = assertThrows(EOFException.class, () -> body(response));
    assertTrue(e.getMessage().contains("6 bytes"), e.getMessage());
  }

  @Test
  void aSilentServer_timesOut_andTheRequestIsNotSentAgain() throws Exception {
    ScriptedServer[] server = new ScriptedServer[1];
    server[0] =
        new ScriptedServer(
            (index, in, out) -> {
              server[0].readRequest(in);
              in.read(); // never answers; returns when the client gives up
            });
    PlainHttpClient client = client(Duration.ofMillis(200), Duration.ofMinutes(1));
    assertThrows(SocketTimeoutException.class, () -> get(client, server[0].uri("/a")));
    assertEquals(1, server[0].accepted.get());
  }

  @Test
  void aClosedClient_andHttps_areRefused() throws Exception {
    PlainHttpClient client = client();
    IOException https =
        assertThrows(IOException.class, () -> get(client, URI.create("https://127.0.0.1:1/a")));
    assertTrue(https.getMessage().contains("https"), https.getMessage());
    client.close();
    IOException closed =
        assertThrows(IOException.class, () -> get(client, URI.create("http://127.0.0.1:1/a")));
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
  }
}
