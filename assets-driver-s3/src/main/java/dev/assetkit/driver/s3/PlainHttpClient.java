package dev.assetkit.driver.s3;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A minimal HTTP/1.1 client with persistent connections, for the direct GETs and PUTs of a plain
 * {@code http://} endpoint without a proxy ({@link DirectRequests}); the SDK keeps its Apache
 * client for everything else.
 *
 * <p>Why: per request, the Apache client's execution chain (interceptors, route planning, pool
 * leases, header parsing into objects) costs more CPU than the exchange. Measured against S3Proxy,
 * 10,000 GETs of 4 KiB from 8 threads in a fresh JVM with C1 only (as the CLI runs many-file
 * transfers): 1.6–1.8 s and 1.8 s of user CPU through the Apache client, 0.9 s and 0.7–0.8 s here,
 * both signed by the SDK's signer (bench/analysis.md). On a 2-core machine shared with the server
 * that is a large part of a many-file transfer.
 *
 * <p>It does only what those requests need: a request with a known length (or none), and an answer
 * whose body is delimited by its {@code Content-Length}. An answer without one (chunked, or ended
 * by closing the connection) is handed over as the raw rest of the connection, which is then
 * closed; the direct path reads no such body, it only closes it. A connection goes back to the pool
 * only once its answer was read to the end; one left idle longer than {@link #DEFAULT_MAX_IDLE} (by
 * default) is closed rather than reused, and a request that fails on a reused connection before any
 * byte of an answer came back is sent once more on a new one (the server may have closed it
 * meanwhile).
 */
final class PlainHttpClient implements SdkHttpClient {
  /** Idle connections older than this are not reused: servers close theirs after a few seconds. */
  static final Duration DEFAULT_MAX_IDLE = Duration.ofSeconds(2);

  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int BUFFER_BYTES = 64 * 1024;

  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final long maxIdleNanos;
  private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * A client that gives up connecting after {@code connectTimeout} and reading after {@code
   * readTimeout} without a byte, and does not reuse a connection idle for {@code maxIdle}.
   */
  PlainHttpClient(Duration connectTimeout, Duration readTimeout, Duration maxIdle) {
    this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
    this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
    this.maxIdleNanos = maxIdle.toNanos();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new Exchange(request.httpRequest(), request.contentStreamProvider());
  }

  @Override
  public String clientName() {
    return "assetkit-plain-http";
  }

  @Override
  public void close() {
    closed = true;
    idle.values().forEach(connections -> connections.forEach(Connection::close));
    idle.clear();
  }

  private Connection open(String host, int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      socket.setSoTimeout(readTimeoutMillis);
      socket.setTcpNoDelay(true); // a request is written whole, then flushed once
      return new Connection(host + ":" + port, socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** A pooled connection to {@code host:port} that was idle for less than the maximum. */
  private Connection reuse(String host, int port) {
    Deque<Connection> connections = idle.get(host + ":" + port);
    Connection connection;
    long now = System.nanoTime();
    while (connections != null && (connection = connections.pollLast()) != null) {
      if (now - connection.idleSince < maxIdleNanos) {
        return connection;
      }
      connection.close();
    }
    return null;
  }

  private void release(Connection connection) {
    if (closed) {
      connection.close();
      return;
    }
    connection.idleSince = System.nanoTime();
    Deque<Connection> connections =
        idle.computeIfAbsent(connection.address, a -> new ConcurrentLinkedDeque<>());
    connections.addLast(connection);
    if (closed) {
      connection.close(); // closed meanwhile: close() may have missed it
    }
    // The newest connections are reused first: after a burst, the oldest would otherwise keep
    // their sockets (closed by the server, half-open here) for as long as the client lives.
    Connection oldest;
    while ((oldest = connections.peekFirst()) != null
        && connection.idleSince - oldest.idleSince >= maxIdleNanos) {
      if (connections.removeFirstOccurrence(oldest)) {
        oldest.close();
      }
    }
  }

  /**
   * One socket, with its own read buffer: {@link java.io.BufferedInputStream} would take a lock for
   * each byte of an answer's head.
   */
  private static final class Connection {
    final String address;
    final Socket socket;
    final OutputStream out;
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    long idleSince;

    Connection(String address, Socket socket) throws IOException {
      this.address = address;
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER_BYTES);
    }

    /** The next byte, or -1 at the end of the stream. */
    int read() throws IOException {
      if (position == limit) {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
          return -1;
        }
        position = 0;
        limit = n;
      }
      return buffer[position++] & 0xff;
    }

    /** Up to {@code length} bytes: the buffered ones first, then straight from the socket. */
    int read(byte[] target, int offset, int length) throws IOException {
      if (position < limit) {
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
      }
      return in.read(target, offset, length);
    }

    int available() throws IOException {
      return limit - position + in.available();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // Nothing more will be read from it.
      }
    }
  }

  /** One request and its answer. */
  private final class Exchange implements ExecutableHttpRequest {
    private final SdkHttpRequest request;
    private final Optional<ContentStreamProvider> body;
    private volatile Connection connection;

    Exchange(SdkHttpRequest request, Optional<ContentStreamProvider> body) {
      this.request = request;
      this.body = body;
    }

    @Override
    public HttpExecuteResponse call() throws IOException {
      if (closed) {
        throw new IOException("the HTTP client is closed");
      }
      if (!"http".equalsIgnoreCase(request.protocol())) {
        throw new IOException("only plain http is sent here, not " + request.protocol());
      }
      String host = request.host();
      int port = request.port();
      Connection pooled = reuse(host, port);
      if (pooled != null) {
        try {
          return exchange(pooled);
        } catch (ExchangeFailure e) {
          // Closed by the server while idle: nothing of an answer came back, so send it again.
        }
      }
      try {
        return exchange(open(host, port));
      } catch (ExchangeFailure e) {
        throw e.getCause();
      }
    }

    private HttpExecuteResponse exchange(Connection used) throws IOException {
      connection = used;
      Head head;
      try {
        writeRequest(used.out);
        head = readHead(used, false);
        while (head.status() >= 100 && head.status() < 200) {
          head = readHead(used, true); // an interim answer (100 Continue) precedes the real one
        }
      } catch (IOException e) {
        used.close();
        if (e instanceof ExchangeFailure failure && !failure.beforeAnswer) {
          throw failure.getCause();
        }
        if (e instanceof SocketTimeoutException) {
          throw e; // a slow server, not a closed connection: sending it again would not help
        }
        throw ExchangeFailure.beforeAnswer(e);
      }
      return HttpExecuteResponse.builder()
          .response(head.response())
          .responseBody(AbortableInputStream.create(bodyOf(used, head), used::close))
          .build();
    }

    private void writeRequest(OutputStream out) throws IOException {
      StringBuilder text = new StringBuilder(256);
      text.append(request.method().name()).append(' ').append(target()).append(" HTTP/1.1\r\n");
      if (request.firstMatchingHeader("Host").isEmpty()) {
        text.append("Host: ").append(request.host());
        if (request.port() != 80) {
          text.append(':').append(request.port());
        }
        text.append("\r\n");
      }
      for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
        for (String value : header.getValue()) {
          // A line break (in an ETag from the server, say) would end the head early.
          if (hasLineBreak(header.getKey()) || hasLineBreak(value)) {
            throw new IOException("the request header " + header.getKey() + " holds a line break");
          }
          text.append(header.getKey()).append(": ").append(value).append("\r\n");
        }
      }
      if (body.isPresent() && request.firstMatchingHeader("Content-Length").isEmpty()) {
        throw new IOException("a request body needs a Content-Length here");
      }
      text.append("\r\n");
      out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body.isPresent()) {
        try (InputStream content = body.get().newStream()) {
          content.transferTo(out);
        }
      }
      out.flush();
    }

    private static boolean hasLineBreak(String text) {
      return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }

    private String target() {
      String path = request.encodedPath().isEmpty() ? "/" : request.encodedPath();
      return request.encodedQueryParameters().map(q -> path + "?" + q).orElse(path);
    }

    private InputStream bodyOf(Connection used, Head head) {
      boolean bodiless =
          request.method() == SdkHttpMethod.HEAD || head.status() == 204 || head.status() == 304;
      if (bodiless) {
        if (head.keepAlive()) {
          release(used);
        } else {
          used.close();
        }
        return InputStream.nullInputStream();
      }
      if (head.length() < 0) {
        return new UntilClosed(used); // no length: the rest of the connection, not reused after
      }
      return new LengthDelimited(used, head.length(), head.keepAlive());
    }

    @Override
    public void abort() {
      Connection used = connection;
      if (used != null) {
        used.close();
      }
    }
  }

  /** The status line and the headers of an answer. */
  private record Head(SdkHttpResponse response, long length, boolean keepAlive) {
    int status() {
      return response.statusCode();
    }
  }

  /** Reads an answer's head; {@code started} if an earlier (interim) answer came before. */
  private static Head readHead(Connection in, boolean started) throws IOException {
    byte[] line = new byte[256];
    int[] used = {started ? 1 : 0};
    String statusLine = readLine(in, line, used);
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw ExchangeFailure.inAnswer(new IOException("not an HTTP/1.x answer: " + statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw ExchangeFailure.inAnswer(new IOException("not an HTTP status: " + statusLine));
    }
    SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status);
    if (statusLine.length() > 13) {
      response.statusText(statusLine.substring(13));
    }
    long length = -1;
    boolean keepAlive = statusLine.startsWith("HTTP/1.1");
    boolean chunked = false;
    String header;
    while (!(header = readLine(in, line, used)).isEmpty()) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw ExchangeFailure.inAnswer(new IOException("not an HTTP header: " + header));
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      response.appendHeader(name, value);
      if (name.equalsIgnoreCase("Content-Length")) {
        try {
          length = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw ExchangeFailure.inAnswer(new IOException("not a Content-Length: " + value));
        }
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("Connection")) {
        keepAlive = !value.equalsIgnoreCase("close");
      }
    }
    // A chunked answer's length, if it also states one, is not to be trusted (RFC 9112 §6.3).
    return new Head(response.build(), chunked ? -1 : length, keepAlive);
  }

  /**
   * One line of an answer's head, without its CRLF; {@code headBytes} counts the head's bytes so
   * far. Before the first byte of an answer, a failure (the end of the stream, say) is the
   * connection's; after it, the answer's.
   */
  private static String readLine(Connection in, byte[] buffer, int[] headBytes) throws IOException {
    int length = 0;
    byte[] line = buffer;
    while (true) {
      int b;
      try {
        b = in.read();
      } catch (IOException e) {
        throw headBytes[0] == 0 ? e : ExchangeFailure.inAnswer(e);
      }
      if (b < 0) {
        EOFException end = new EOFException("the connection closed before the answer's head ended");
        throw headBytes[0] == 0 ? end : ExchangeFailure.inAnswer(end);
      }
      if (++headBytes[0] > MAX_HEAD_BYTES) {
        throw ExchangeFailure.inAnswer(new IOException("an answer head over 64 KiB"));
      }
      if (b == '\n') {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new String(line, 0, end, StandardCharsets.ISO_8859_1);
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, line.length * 2);
      }
      line[length++] = (byte) b;
    }
  }

  /** A body of known length; the connection is reused once it was read to the end. */
  private final class LengthDelimited extends InputStream {
    private final Connection connection;
    private final boolean reusable;
    private long remaining;
    private boolean done;

    LengthDelimited(Connection connection, long length, boolean reusable) {
      this.connection = connection;
      this.remaining = length;
      this.reusable = reusable;
      if (length == 0) {
        finish();
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      if (done) {
        throw new IOException("the body was closed");
      }
      if (length == 0) {
        return 0;
      }
      int n = connection.read(target, offset, (int) Math.min(length, remaining));
      if (n < 0) {
        done = true;
        connection.close();
        throw new EOFException(remaining + " bytes of the body were still to come");
      }
      remaining -= n;
      if (remaining == 0) {
        finish();
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return done ? 0 : (int) Math.min(connection.available(), remaining);
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        connection.close(); // left unread: cheaper to drop than to drain
      }
    }

    private void finish() {
      done = true;
      if (reusable) {
        release(connection);
      } else {
        connection.close();
      }
    }
  }

  /** A body without a length: the rest of the connection, which is closed after. */
  private static final class UntilClosed extends InputStream {
    private final Connection connection;

    UntilClosed(Connection connection) {
      this.connection = connection;
    }

    @Override
    public int read() throws IOException {
      return connection.read();
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
      return connection.read(target, offset, length);
    }

    @Override
    public void close() {
      connection.close();
    }
  }

  /**
   * A failure of an exchange, and whether it came before any byte of an answer: on a reused
   * connection the request is then sent again, once, on a new one.
   */
  private static final class ExchangeFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean beforeAnswer;

    private ExchangeFailure(IOException cause, boolean beforeAnswer) {
      super(cause.getMessage(), cause);
      this.beforeAnswer = beforeAnswer;
    }

    /** Nothing of an answer came back: the server may have closed the connection while idle. */
    static ExchangeFailure beforeAnswer(IOException cause) {
      return new ExchangeFailure(cause, true);
    }

    /** An answer had begun: the request is not to be sent again. */
    static ExchangeFailure inAnswer(IOException cause) {
      return new ExchangeFailure(cause, false);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }
}
