package dev.assetkit.cli;

import dev.assetkit.driver.local.LocalStorageDriverProvider;
import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverProvider;
import dev.assetkit.spi.StorageException;
import dev.assetkit.testing.ForwardingStorageDriver;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Storage driver providers for tests, registered under ids the tests choose. */
final class FakeProviders {
  private FakeProviders() {}

  /** A provider whose buckets are folders under {@code root}: a stand-in for s3, gs or az. */
  static StorageDriverProvider folders(String id, Path root) {
    return provider(id, config -> LocalStorageDriverProvider.open(root.resolve(config.bucket())));
  }

  /** A provider that must never be asked for a driver. */
  static StorageDriverProvider forbidden(String id) {
    return provider(
        id,
        config -> {
          throw new IllegalStateException("the " + id + " driver was created but is not needed");
        });
  }

  /** A provider whose every operation fails with {@code exception}. */
  static StorageDriverProvider failing(String id, Supplier<RuntimeException> exception) {
    return provider(id, config -> new FailingDriver(exception));
  }

  /** A provider whose downloads take {@code millis} each, over the local driver. */
  static StorageDriverProvider slow(String id, long millis) {
    return provider(
        id,
        config -> {
          StorageDriver local = LocalStorageDriverProvider.open(Path.of(config.bucket()));
          return new SlowDriver(local, millis);
        });
  }

  interface Factory {
    StorageDriver create(DriverConfig config);
  }

  static StorageDriverProvider provider(String id, Factory factory) {
    return new StorageDriverProvider() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public StorageDriver create(DriverConfig config) {
        return factory.create(config);
      }
    };
  }

  /** Fails every call. */
  static final class FailingDriver implements StorageDriver {
    private final Supplier<RuntimeException> exception;

    FailingDriver(Supplier<RuntimeException> exception) {
      this.exception = exception;
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.ATOMIC_CREATE_IF_ABSENT);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
      throw exception.get();
    }

    @Override
    public Optional<ObjectContent> read(String key) {
      throw exception.get();
    }

    @Override
    public ObjectInfo download(String key, Path target) {
      throw exception.get();
    }

    @Override
    public ObjectInfo upload(String key, Path source, Condition condition) {
      throw exception.get();
    }

    @Override
    public ObjectInfo write(String key, byte[] content, Condition condition) {
      throw exception.get();
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
      throw exception.get();
    }

    @Override
    public void delete(String key) {
      throw exception.get();
    }

    @Override
    public String uri(String key) {
      return "fake://bucket/" + key;
    }

    @Override
    public void close() {}
  }

  /** Delegates, sleeping before each download (of a large file or a small one). */
  static final class SlowDriver extends ForwardingStorageDriver {
    private final long millis;

    SlowDriver(StorageDriver delegate, long millis) {
      super(delegate);
      this.millis = millis;
    }

    @Override
    public ObjectInfo download(String key, Path target) {
      pause();
      return delegate.download(key, target);
    }

    @Override
    public byte[] readSmall(String key, int limit) {
      pause();
      return delegate.readSmall(key, limit);
    }

    private void pause() {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException(StorageException.Reason.TIMEOUT, "interrupted");
      }
    }
  }
}
