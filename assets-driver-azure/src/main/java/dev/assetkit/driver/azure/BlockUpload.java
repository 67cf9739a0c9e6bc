package dev.assetkit.driver.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.PrefixTracker;
import dev.assetkit.spi.StorageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Uploads a large file as a block blob: blocks of the part size are staged in parallel, each read
 * from its region of the file as it is sent (a replayable file view, never a buffer of the block),
 * then one commit makes them the blob. The write's condition goes on the commit, which is the
 * atomic step: staged blocks are invisible until then. A push may also stage the blocks before it
 * claims its version and commit them after ({@link Pending}).
 */
final class BlockUpload {
  /** Azure's limit of blocks in one blob. */
  static final int MAX_BLOCKS = 50_000;

  /** Azure's limit of one block's size (4000 MiB); also where a single Put Blob stops. */
  static final long MAX_BLOCK_SIZE = 4000L << 20;

  private final BlockBlobClient blob;
  private final String key;
  private final String uri;
  private final int parallelism;
  private final Duration timeout;
  private final ExecutorService pool;
  private final AzureErrors errors;
  private final Supplier<Optional<ObjectInfo>> currentState;

  /**
   * @param currentState the object's state now (a stat), to tell a lost race from a failure when
   *     the commit is refused
   */
  BlockUpload(
      BlockBlobClient blob,
      String key,
      String uri,
      int parallelism,
      Duration timeout,
      ExecutorService pool,
      AzureErrors errors,
      Supplier<Optional<ObjectInfo>> currentState) {
    this.blob = blob;
    this.key = key;
    this.uri = uri;
    this.parallelism = parallelism;
    this.timeout = timeout;
    this.pool = pool;
    this.errors = errors;
    this.currentState = currentState;
  }

  /**
   * Block size for {@code size} bytes: the part size, larger to stay within the block count, and
   * never above Azure's block size limit.
   */
  static long blockSize(long size, long partSize) {
    return Math.min(MAX_BLOCK_SIZE, Math.max(partSize, (size + MAX_BLOCKS - 1) / MAX_BLOCKS));
  }

  /** Blocks staged and not yet committed: invisible, and dropped by Azure after a week. */
  record Pending(List<String> ids, long size) {}

  ObjectInfo upload(Path source, long size, long partSize, Condition condition) {
    // Fail before sending gigabytes when the condition clearly does not hold; the commit still
    // checks it atomically.
    if (!(condition instanceof Condition.None) && !holds(condition, currentState.get())) {
      throw AzureErrors.preconditionFailed(uri, condition);
    }
    Pending pending = send(source, size, partSize, DownloadProgress.NONE);
    // Blocks discarded while the condition still holds: the whole upload may be tried again.
    return commit(pending, condition, () -> errors.blocksDiscarded(uri));
  }

  /**
   * Stages the blocks of {@code source} in parallel, telling {@code progress} the prefix of the
   * source sent; nothing is visible until {@link #commitStaged}.
   */
  Pending send(Path source, long size, long partSize, DownloadProgress progress) {
    long blockSize = blockSize(size, partSize);
    int count = (int) ((size + blockSize - 1) / blockSize);
    List<String> ids = blockIds(count);
    PrefixTracker sent = new PrefixTracker(count, blockSize, blockSize, size, progress);
    ParallelParts.run(
        pool,
        parallelism,
        count,
        i ->
            sent.transfer(
                i,
                parallelism,
                () -> {
                  long offset = i * blockSize;
                  long length = Math.min(blockSize, size - offset);
                  BinaryData region = BinaryData.fromFile(source, offset, length);
                  try {
                    blob.stageBlockWithResponse(
                        new BlockBlobStageBlockOptions(ids.get(i), region), timeout, Context.NONE);
                  } catch (RuntimeException e) {
                    throw errors.translate(e, "upload", uri, Condition.none());
                  }
                }));
    if (count == 0) {
      progress.prefixWritten(0);
    }
    return new Pending(ids, size);
  }

  /**
   * Commits staged blocks if {@code condition} holds. When a concurrent write discarded them, fails
   * with PRECONDITION_FAILED if the condition no longer holds, else NOT_FOUND: nothing is staged
   * any more.
   */
  ObjectInfo commitStaged(Pending pending, Condition condition) {
    return commit(
        pending,
        condition,
        () ->
            new StorageException(
                StorageException.Reason.NOT_FOUND,
                "the blocks staged for " + uri + " were discarded by a concurrent write"));
  }

  /**
   * Commits the blocks if {@code condition} holds. Another writer's commit discards our staged
   * blocks: if our condition no longer holds we simply lost the race (PRECONDITION_FAILED);
   * otherwise {@code discarded} says what that means to the caller.
   */
  private ObjectInfo commit(
      Pending pending, Condition condition, Supplier<StorageException> discarded) {
    try {
      String etag =
          blob.commitBlockListWithResponse(
                  new BlockBlobCommitBlockListOptions(pending.ids())
                      .setRequestConditions(AzureBlobDriver.requestConditions(condition)),
                  timeout,
                  Context.NONE)
              .getValue()
              .getETag();
      return new ObjectInfo(key, pending.size(), etag);
    } catch (BlobStorageException e) {
      if (BlobErrorCode.INVALID_BLOCK_LIST.equals(e.getErrorCode())) {
        if (!holds(condition, currentState.get())) {
          throw AzureErrors.preconditionFailed(uri, condition);
        }
        throw discarded.get();
      }
      throw errors.translate(e, "upload", uri, condition);
    } catch (RuntimeException e) {
      throw errors.translate(e, "upload", uri, condition);
    }
  }

  private static boolean holds(Condition condition, Optional<ObjectInfo> current) {
    if (condition instanceof Condition.IfAbsent) {
      return current.isEmpty();
    }
    if (condition instanceof Condition.IfTagMatches ifTag) {
      return current.isPresent() && current.get().tag().equals(ifTag.tag());
    }
    return true;
  }

  /**
   * Block ids unique to this upload (so two uploads of one key never mix blocks) and of equal
   * length (Azure requires it within a blob).
   */
  private static List<String> blockIds(int count) {
    String upload = String.format("%016x", ThreadLocalRandom.current().nextLong());
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = upload + "-" + String.format("%06d", i);
      ids.add(Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.US_ASCII)));
    }
    return ids;
  }
}
