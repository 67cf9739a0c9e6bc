package dev.assetkit.driver.gcs.fake;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** One HTTP request to the fake and the means to answer it. */
final class Call {
  final HttpExchange exchange;
  final String method;
  final List<String> segments;
  final String path;
  final Map<String, String> query;
  private InputStream body;
  private final Consumer<Call> beforeResponse;
  int status;

  Call(HttpExchange exchange, Consumer<Call> beforeResponse) {
    this.exchange = exchange;
    this.beforeResponse = beforeResponse;
    String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
    this.method =
        (override != null ? override : exchange.getRequestMethod()).toUpperCase(Locale.ROOT);
    this.segments = new ArrayList<>();
    for (String segment : exchange.getRequestURI().getRawPath().split("/")) {
      if (!segment.isEmpty()) {
        // A path segment is percent-encoded; a '+' in it is a plus, not a space.
        segments.add(URLDecoder.decode(segment.replace("+", "%2B"), UTF_8));
      }
    }
    this.path = "/" + String.join("/", segments);
    this.query = parseQuery(exchange.getRequestURI().getRawQuery());
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
      query.putIfAbsent(name, value);
    }
    return query;
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** The request body, decompressed when it was sent with {@code Content-Encoding: gzip}. */
  InputStream body() throws IOException {
    if (body == null) {
      InputStream raw = exchange.getRequestBody();
      String encoding = header("Content-Encoding");
      body =
          encoding != null && encoding.trim().equalsIgnoreCase("gzip")
              ? new GZIPInputStream(raw, 64 << 10)
              : raw;
    }
    return body;
  }

  String bodyText() throws IOException {
    return new String(body().readAllBytes(), UTF_8);
  }

  /** Reads and drops what is left of the body, so the connection can carry the next request. */
  void drain() {
    try {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  void sendJson(int code, Object json) throws IOException {
    byte[] bytes = Json.write(json).getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    send(code, bytes);
  }

  /**
   * Sends the status line and headers. What is recorded of the call is recorded first, so that a
   * client that has its answer finds its request in the log.
   */
  void respond(int code, long length) throws IOException {
    status = code;
    beforeResponse.accept(this);
    exchange.sendResponseHeaders(code, length == 0 ? -1 : length);
  }

  void send(int code, byte[] bytes) throws IOException {
    respond(code, bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  void sendEmpty(int code) throws IOException {
    send(code, new byte[0]);
  }

  void sendError(GcsError error) throws IOException {
    drain();
    if (error.status == 304) {
      sendEmpty(304);
      return;
    }
    sendJson(error.status, error.body());
  }

  void setHeader(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  /** The base URL clients reached us on, for links and upload session URLs. */
  String baseUrl() {
    String host = header("Host");
    if (host == null) {
      host =
          exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
    }
    return "http://" + host;
  }
}
