package dev.assetkit.driver.s3;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value built on first use, once, whichever thread asks first.
 *
 * <p>The driver's SDK client is one: a fetch from a custom endpoint only GETs, and its GETs go
 * direct ({@link DirectRequests}), so it never needs the client, whose building took ~0.24 s of a
 * fetch's start-up here (class-load timeline in bench/analysis.md); so is its connection pool when
 * the direct requests have a client of their own. TLS for a plain-http endpoint is another ({@link
 * LazyTlsStrategy}).
 */
final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  Lazy(Supplier<T> factory) {
    this.factory = factory;
  }

  @Override
  public T get() {
    T built = value;
    if (built == null) {
      synchronized (this) {
        if (value == null) {
          value = factory.get();
        }
        built = value;
      }
    }
    return built;
  }

  boolean built() {
    return value != null;
  }

  /** Runs {@code action} on the value if it was built; never builds it. */
  synchronized void ifBuilt(Consumer<T> action) {
    if (value != null) {
      action.accept(value);
    }
  }
}
