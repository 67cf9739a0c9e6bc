package dev.assetkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A TCP proxy on loopback between a driver and its server that injects faults per connection:
 * resets, stalls, HTTP 503/500 answers, and truncated responses. Faults are chosen by connection
 * number (0, 1, 2, ...), so a test can say "the first two connections fail, then all pass".
 */
public final class FaultProxy implements AutoCloseable {

  /** What happens to one connection. */
  public enum Fault {
    /** Forward both ways. */
    PASS,
    /** Close at once with a TCP reset. */
    RESET,
    /** Accept, read, never answer (until the proxy closes). */
    STALL,
    /** Answer the first request with HTTP 503 and close. */
    HTTP_503,
    /** Answer the first request with HTTP 500 and close. */
    HTTP_500,
    /** Forward, but cut the server's answer after {@link #TRUNCATE_AFTER} bytes. */
    TRUNCATE
  }

  /** Bytes of the server's answer a {@link Fault#TRUNCATE} connection lets through. */
  public static final int TRUNCATE_AFTER = 600;

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final IntFunction<Fault> policy;
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon());
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private FaultProxy(InetSocketAddress upstream, IntFunction<Fault> policy) throws IOException {
    this.upstream = upstream;
    this.policy = policy;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  /** Starts a proxy to {@code upstream} on a free loopback port. */
  public static FaultProxy start(InetSocketAddress upstream, IntFunction<Fault> policy)
      throws IOException {
    return new FaultProxy(upstream, policy);
  }

  /** A policy: the first {@code count} connections get {@code fault}, the rest pass. */
  public static IntFunction<Fault> first(int count, Fault fault) {
    return n -> n < count ? fault : Fault.PASS;
  }

  /** The proxy's port on the loopback address. */
  public int port() {
    return server.getLocalPort();
  }

  /** How many connections were accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        int number = connections.getAndIncrement();
        open.add(client);
        threads.execute(() -> handle(client, policy.apply(number)));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void handle(Socket client, Fault fault) {
    try {
      switch (fault) {
        case RESET -> {
          client.setSoLinger(true, 0);
          client.close();
        }
        case STALL -> {
          InputStream in = client.getInputStream();
          byte[] sink = new byte[8192];
          while (in.read(sink) >= 0) {
            // read and drop until the client gives up or the proxy closes
          }
        }
        case HTTP_503, HTTP_500 -> {
          readRequestHead(client.getInputStream());
          String status =
              fault == Fault.HTTP_503 ? "503 Service Unavailable" : "500 Internal Server Error";
          client
              .getOutputStream()
              .write(
                  ("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII));
          client.close();
        }
        case PASS, TRUNCATE ->
            forward(client, fault == Fault.TRUNCATE ? TRUNCATE_AFTER : Long.MAX_VALUE);
      }
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void forward(Socket client, long limit) throws IOException {
    Socket server = new Socket();
    server.connect(upstream, 5_000);
    open.add(server);
    threads.execute(() -> pump(client, server, Long.MAX_VALUE));
    pump(server, client, limit);
  }

  private static void pump(Socket from, Socket to, long limit) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      long sent = 0;
      int read;
      while ((read = in.read(buffer)) >= 0) {
        int allowed = (int) Math.min(read, limit - sent);
        out.write(buffer, 0, allowed);
        out.flush();
        sent += allowed;
        if (sent >= limit) {
          break;
        }
      }
    } catch (IOException e) {
      // one side went away: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void readRequestHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while ((b = in.read()) >= 0) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        return;
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "fault-proxy");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    open.forEach(FaultProxy::closeQuietly);
    threads.shutdownNow();
  }
}
