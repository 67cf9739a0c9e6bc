package dev.assetkit.driver.azure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server that answers every request with one chosen Azure error (status, {@code
 * x-ms-error-code} and XML body), so that each translation is tested against what the SDK really
 * makes of such a response.
 */
final class CannedAzureServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int status = 500;
  private volatile String errorCode = "InternalError";
  private volatile String detail = "";

  CannedAzureServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.setExecutor(threads);
    server.start();
  }

  /** Answers from now on with {@code status} and {@code errorCode}, plus {@code detail}. */
  void answer(int status, String errorCode, String detail) {
    this.status = status;
    this.errorCode = errorCode;
    this.detail = detail;
    requests.set(0);
  }

  int requests() {
    return requests.get();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().add("x-ms-error-code", errorCode);
    exchange.getResponseHeaders().add("x-ms-request-id", "canned-" + requests.get());
    exchange.getResponseHeaders().add("Content-Type", "application/xml");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>"
                + errorCode
                + "</Code><Message>canned "
                + errorCode
                + "</Message>"
                + detail
                + "</Error>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
