package dev.assetkit.spi;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An object store seen through one bucket (or container, or folder). Keys are {@code /}-separated
 * relative paths, already checked by {@link ObjectKeys#requireValid(String)}.
 *
 * <p>Every failure is a {@link StorageException} with a {@link StorageException.Reason}; a missing
 * object is {@code Optional.empty()} where the signature allows it, {@link
 * StorageException.Reason#NOT_FOUND} elsewhere. Drivers do not retry on their own beyond what their
 * SDK does within one call: the engines retry {@link StorageException#retryable()} failures inside
 * the overall deadline.
 *
 * <p>Implementations are thread-safe: the engines call one driver from many threads at once.
 */
public interface StorageDriver extends AutoCloseable {

  /** What this driver guarantees; the engines and the contract suite rely on nothing else. */
  Set<Capability> capabilities();

  /** The size and version tag of an object, or empty when there is no such object. */
  Optional<ObjectInfo> stat(String key);

  /**
   * The most a {@link #read} is meant to hold in memory: no real meta or index comes close, so a
   * larger object there is broken or hostile.
   */
  long MAX_READ_BYTES = 64L << 20;

  /**
   * Reads a small object (an index or a meta) whole, with the tag of exactly the bytes returned so
   * that a later {@link Condition#ifTagMatches(String)} write is a true compare-and-swap. A driver
   * that knows the size before reading should refuse an object larger than {@link #MAX_READ_BYTES}
   * with {@link StorageException.Reason#TOO_LARGE} rather than load it; the engines refuse such
   * content in any case.
   *
   * @return the content, or empty when there is no such object
   */
  Optional<ObjectContent> read(String key);

  /**
   * Downloads an object into {@code target}, creating or replacing that file. Large objects may be
   * fetched in parallel ranges; memory stays bounded whatever the size.
   *
   * @return the size and tag of what was downloaded
   * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} when absent
   */
  ObjectInfo download(String key, Path target);

  /**
   * Downloads as {@link #download(String, Path)}, telling {@code progress} how far the target is
   * final from its start while the download runs, so that the engine hashes the bytes as they land
   * instead of in a second pass. Drivers that write sequentially or can track their ranges override
   * this; the default reports the whole file once it is complete, which is always correct.
   *
   * @return the size and tag of what was downloaded
   * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} when absent
   */
  default ObjectInfo download(String key, Path target, DownloadProgress progress) {
    ObjectInfo info = download(key, target);
    progress.prefixWritten(info.size());
    return info;
  }

  /**
   * Reads a data file whole into memory, for the engine to check its size and sha256 before it
   * writes the file in one go: one request and one pass, where a download followed by a read-back
   * costs a tree of thousands of small files a large share of its time. The engine calls this only
   * for files its meta says are small; unlike {@link #read}, no tag is wanted.
   *
   * <p>The default goes through {@link #read}; a driver overrides it when it can skip what {@link
   * #read} does for its tag, or stop reading at {@code limit}.
   *
   * @param limit the size the caller expects: of a larger object at most {@code limit + 1} bytes
   *     are returned, so that the caller sees it is too large without holding it all
   * @return the object's bytes, or its first {@code limit + 1}
   * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} when absent
   */
  default byte[] readSmall(String key, int limit) {
    byte[] bytes =
        read(key)
            .orElseThrow(
                () ->
                    new StorageException(
                        StorageException.Reason.NOT_FOUND, "no object " + uri(key)))
            .bytes();
    return bytes.length > limit ? Arrays.copyOf(bytes, limit + 1) : bytes;
  }

  /**
   * Uploads a file, streaming it (in parallel parts when large), if {@code condition} holds.
   *
   * @throws StorageException with {@link StorageException.Reason#PRECONDITION_FAILED} when it does
   *     not
   */
  ObjectInfo upload(String key, Path source, Condition condition);

  /** Writes a small object from memory, if {@code condition} holds; as {@link #upload}. */
  ObjectInfo write(String key, byte[] content, Condition condition);

  /**
   * Copies {@code source} where no reader, listing or stat sees it, for a later {@link
   * #commitStaged}; only for drivers that declare {@link Capability#STAGED_WRITES}. Tells {@code
   * progress} how much of the source, from its start, has been copied, so that the caller can hash
   * those bytes while the rest is copied.
   *
   * <p>Why: a version is claimed by its meta, which holds every file's sha256, before any of its
   * objects is written. Without staging a push must read each file twice, to hash it and then to
   * upload it; with staging the data moves once, while it is hashed, and the claim still comes
   * before anything is visible. A failed call leaves nothing staged.
   *
   * @return what was staged, with the number of bytes copied
   * @throws UnsupportedOperationException when the driver cannot stage
   */
  default StagedObject stage(Path source, DownloadProgress progress) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot stage writes");
  }

  /** Stages bytes from memory; as {@link #stage(Path, DownloadProgress)}. */
  default StagedObject stage(byte[] content) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot stage writes");
  }

  /**
   * Sends {@code source} under {@code key} without making it visible (an S3 multipart upload not
   * yet completed, Azure blocks not yet committed), for a later {@link #commitStaged} under that
   * same key; only for drivers that declare {@link Capability#STAGED_UPLOADS}, and only worth it
   * for files of at least {@link #stagedUploadMinimumSize()} bytes. Tells {@code progress} how much
   * of the source, from its start, has been sent, so that the caller can hash those bytes while the
   * rest is sent.
   *
   * <p>Why: as for {@link #stage(Path, DownloadProgress)}, each file then moves once, hashed on the
   * way, and the version's claim still comes before anything is visible; but a store whose pending
   * data belongs to one key can stage only where the file is meant to go. A failed call leaves
   * nothing staged.
   *
   * @return what was staged, with the number of bytes sent
   * @throws UnsupportedOperationException when the driver cannot stage uploads
   */
  default StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot stage uploads");
  }

  /**
   * The size from which {@link #stageUpload} pays for its extra requests: smaller files are hashed
   * first and uploaded after the claim in one request. {@link Long#MAX_VALUE} for drivers that
   * cannot stage uploads.
   */
  default long stagedUploadMinimumSize() {
    return Long.MAX_VALUE;
  }

  /**
   * Places staged data under {@code key} if {@code condition} holds, which makes it visible whole;
   * the staged data is then gone. When the condition does not hold, the staged data is kept, to be
   * committed elsewhere or discarded. Data from {@link #stageUpload} can only be committed under
   * the key it was sent to ({@link IllegalArgumentException} otherwise).
   *
   * @throws StorageException with {@link StorageException.Reason#PRECONDITION_FAILED} when the
   *     condition does not hold, {@link StorageException.Reason#NOT_FOUND} when nothing is staged
   *     under that handle
   * @throws UnsupportedOperationException when the driver cannot stage
   */
  default void commitStaged(StagedObject staged, String key, Condition condition) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot stage writes");
  }

  /** Drops staged data; dropping what is already gone (committed, discarded) is not an error. */
  default void discardStaged(StagedObject staged) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot stage writes");
  }

  /**
   * Every object whose key starts with {@code prefix} (a plain string prefix, recursive, hidden
   * names included), fetched lazily page by page. Order is unspecified. Close the stream.
   */
  Stream<ObjectInfo> list(String prefix);

  /** Deletes an object; deleting an absent object is not an error. */
  void delete(String key);

  /**
   * A URI that names an object or a prefix for people, such as {@code s3://bucket/key}; no secrets.
   * Used in messages only: accepts any key or prefix (empty, or ending in {@code /}) without
   * validating it, and never fails.
   */
  String uri(String key);

  /** Releases connections and threads; idempotent. */
  @Override
  void close();
}
