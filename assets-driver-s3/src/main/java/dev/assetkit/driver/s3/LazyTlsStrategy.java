package dev.assetkit.driver.s3;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * TLS for the connection pool of a plain-{@code http://} endpoint, set up only if a connection ever
 * needs it (an {@code https} proxy, say), from the JVM's defaults ({@code javax.net.ssl.*} system
 * properties, the default trust store, Apache's hostname verifier).
 *
 * <p>Why: the SDK's Apache client builds its SSL context and loads the trust store when the client
 * is built, whether or not the endpoint uses TLS. That measured ~0.15–0.18 s of every S3 command's
 * start-up against an http endpoint here (class-load timeline in bench/analysis.md). https
 * endpoints, AWS's included, keep the SDK's own TLS set-up.
 */
final class LazyTlsStrategy implements TlsSocketStrategy {
  private final Lazy<TlsSocketStrategy> delegate =
      new Lazy<>(DefaultClientTlsStrategy::createSystemDefault);

  @Override
  public SSLSocket upgrade(
      Socket socket, String target, int port, Object attachment, HttpContext context)
      throws IOException {
    return delegate.get().upgrade(socket, target, port, attachment, context);
  }
}
