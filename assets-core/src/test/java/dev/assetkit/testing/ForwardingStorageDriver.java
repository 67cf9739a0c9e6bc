package dev.assetkit.testing;

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
import java.util.stream.Stream;

/**
 * A driver that forwards every call to another, for test wrappers that change one or two operations
 * (count them, slow them down, make them fail).
 *
 * <p>The download with progress is deliberately not forwarded: the SPI's default sends it through
 * {@link #download(String, Path)}, so a wrapper that overrides that one sees every download. The
 * delegate's own progress reports (hashing while downloading) are therefore not exercised here.
 */
public abstract class ForwardingStorageDriver implements StorageDriver {
  /** The driver calls are forwarded to. */
  protected final StorageDriver delegate;

  /** Forwards to {@code delegate}. */
  protected ForwardingStorageDriver(StorageDriver delegate) {
    this.delegate = delegate;
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return delegate.stat(key);
  }

  @Override
  public Optional<ObjectContent> read(String key) {
    return delegate.read(key);
  }

  @Override
  public ObjectInfo download(String key, Path target) {
    return delegate.download(key, target);
  }

  @Override
  public byte[] readSmall(String key, int limit) {
    return delegate.readSmall(key, limit);
  }

  @Override
  public ObjectInfo upload(String key, Path source, Condition condition) {
    return delegate.upload(key, source, condition);
  }

  @Override
  public ObjectInfo write(String key, byte[] content, Condition condition) {
    return delegate.write(key, content, condition);
  }

  @Override
  public StagedObject stage(Path source, DownloadProgress progress) {
    return delegate.stage(source, progress);
  }

  @Override
  public StagedObject stage(byte[] content) {
    return delegate.stage(content);
  }

  @Override
  public StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
    return delegate.stageUpload(key, source, progress);
  }

  @Override
  public long stagedUploadMinimumSize() {
    return delegate.stagedUploadMinimumSize();
  }

  @Override
  public void commitStaged(StagedObject staged, String key, Condition condition) {
    delegate.commitStaged(staged, key, condition);
  }

  @Override
  public void discardStaged(StagedObject staged) {
    delegate.discardStaged(staged);
  }

  @Override
  public Stream<ObjectInfo> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
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
