package dev.assetkit.testing;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Counts every call that reaches a driver, per operation, to prove what the engines ask for. */
public final class CountingStorageDriver extends ForwardingStorageDriver {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** Counts the calls to {@code delegate}. */
  public CountingStorageDriver(StorageDriver delegate) {
    super(delegate);
  }

  /**
   * Calls of one operation ("stat", "read", "download", "upload", "write", "list", "delete",
   * "commit", "discard"); a {@link #readSmall} counts as a "download" and a {@code stage} or {@code
   * stageUpload} as an "upload": each moves one data file.
   */
  public int calls(String operation) {
    AtomicInteger count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  /** All calls that reach the store. */
  public int total() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Forgets the counts. */
  public void reset() {
    calls.clear();
  }

  private void count(String operation) {
    calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    count("stat");
    return delegate.stat(key);
  }

  @Override
  public Optional<ObjectContent> read(String key) {
    count("read");
    return delegate.read(key);
  }

  @Override
  public ObjectInfo download(String key, Path target) {
    count("download");
    return delegate.download(key, target);
  }

  @Override
  public byte[] readSmall(String key, int limit) {
    count("download");
    return delegate.readSmall(key, limit);
  }

  @Override
  public ObjectInfo upload(String key, Path source, Condition condition) {
    count("upload");
    return delegate.upload(key, source, condition);
  }

  @Override
  public ObjectInfo write(String key, byte[] content, Condition condition) {
    count("write");
    return delegate.write(key, content, condition);
  }

  @Override
  public StagedObject stage(Path source, DownloadProgress progress) {
    count("upload");
    return delegate.stage(source, progress);
  }

  @Override
  public StagedObject stage(byte[] content) {
    count("upload");
    return delegate.stage(content);
  }

  @Override
  public StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
    count("upload");
    return delegate.stageUpload(key, source, progress);
  }

  @Override
  public void commitStaged(StagedObject staged, String key, Condition condition) {
    count("commit");
    delegate.commitStaged(staged, key, condition);
  }

  @Override
  public void discardStaged(StagedObject staged) {
    count("discard");
    delegate.discardStaged(staged);
  }

  @Override
  public Stream<ObjectInfo> list(String prefix) {
    count("list");
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) {
    count("delete");
    delegate.delete(key);
  }
}
