package dev.assetkit.internal.retry;

import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A driver whose every call is retried by a {@link RetryPolicy}. The description of a call (its
 * verb and URI) is built only when a message needs it: building it per call cost a file-system
 * {@code stat} per object on the local driver. Note that a retried conditional write may report a
 * precondition failure caused by its own earlier attempt; the publish engine recognises its own
 * writes.
 */
public final class RetryingStorageDriver implements StorageDriver {
  private final StorageDriver delegate;
  private final RetryPolicy policy;

  /** Wraps {@code delegate}. */
  public RetryingStorageDriver(StorageDriver delegate, RetryPolicy policy) {
    this.delegate = delegate;
    this.policy = policy;
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return policy.call(() -> "stat " + delegate.uri(key), () -> delegate.stat(key));
  }

  @Override
  public Optional<ObjectContent> read(String key) {
    return policy.call(() -> "read " + delegate.uri(key), () -> delegate.read(key));
  }

  @Override
  public ObjectInfo download(String key, Path target) {
    return policy.call(() -> "download " + delegate.uri(key), () -> delegate.download(key, target));
  }

  @Override
  public ObjectInfo download(String key, Path target, DownloadProgress progress) {
    AtomicBoolean attempted = new AtomicBoolean();
    return policy.call(
        () -> "download " + delegate.uri(key),
        () -> {
          if (attempted.getAndSet(true)) {
            progress.restarted(); // the next attempt rewrites the target from its start
          }
          return delegate.download(key, target, progress);
        });
  }

  @Override
  public byte[] readSmall(String key, int limit) {
    return policy.call(() -> "download " + delegate.uri(key), () -> delegate.readSmall(key, limit));
  }

  @Override
  public ObjectInfo upload(String key, Path source, Condition condition) {
    return policy.call(
        () -> "upload " + delegate.uri(key), () -> delegate.upload(key, source, condition));
  }

  @Override
  public ObjectInfo write(String key, byte[] content, Condition condition) {
    return policy.call(
        () -> "write " + delegate.uri(key), () -> delegate.write(key, content, condition));
  }

  @Override
  public StagedObject stage(Path source, DownloadProgress progress) {
    AtomicBoolean attempted = new AtomicBoolean();
    return policy.call(
        () -> "upload " + source,
        () -> {
          if (attempted.getAndSet(true)) {
            progress.restarted(); // the next attempt copies the source from its start again
          }
          return delegate.stage(source, progress);
        });
  }

  @Override
  public StagedObject stage(byte[] content) {
    return policy.call(() -> "upload to " + delegate.uri(""), () -> delegate.stage(content));
  }

  @Override
  public StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
    AtomicBoolean attempted = new AtomicBoolean();
    return policy.call(
        () -> "upload " + delegate.uri(key),
        () -> {
          if (attempted.getAndSet(true)) {
            progress.restarted(); // the next attempt sends the source from its start again
          }
          return delegate.stageUpload(key, source, progress);
        });
  }

  @Override
  public long stagedUploadMinimumSize() {
    return delegate.stagedUploadMinimumSize();
  }

  @Override
  public void commitStaged(StagedObject staged, String key, Condition condition) {
    policy.call(
        () -> "upload " + delegate.uri(key),
        () -> {
          delegate.commitStaged(staged, key, condition);
          return null;
        });
  }

  @Override
  public void discardStaged(StagedObject staged) {
    policy.call(
        () -> "clean up a staged upload in " + delegate.uri(""),
        () -> {
          delegate.discardStaged(staged);
          return null;
        });
  }

  @Override
  public Stream<ObjectInfo> list(String prefix) {
    // Pages are fetched lazily by the driver; only opening the listing is retried here.
    return policy.call(() -> "list " + delegate.uri(prefix), () -> delegate.list(prefix));
  }

  @Override
  public void delete(String key) {
    policy.call(
        () -> "delete " + delegate.uri(key),
        () -> {
          delegate.delete(key);
          return null;
        });
  }

  @Override
  public String uri(String key) {
    return delegate.uri(key);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
