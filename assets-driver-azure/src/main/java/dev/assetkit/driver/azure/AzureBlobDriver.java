package dev.assetkit.driver.azure;

import com.azure.core.http.rest.PagedIterable;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobDownloadResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.DownloadProgress;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.ObjectContent;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.ObjectKeys;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link StorageDriver} on one Azure Blob Storage container. Objects are block blobs; tags are
 * ETags. Conditional writes use {@code If-None-Match: *} and {@code If-Match}, which Azure applies
 * atomically. Large files move in blocks and ranges of {@link DriverConfig#partSize()}, several at
 * a time, straight between disk and network.
 */
final class AzureBlobDriver implements StorageDriver {
  /**
   * Blobs per listing page. Azure allows 5,000; 1,000 keeps the first page of a partly read listing
   * quick, as with S3 and GCS.
   */
  static final int LIST_PAGE_SIZE = 1_000;

  private final BlobContainerClient container;
  private final AzureSettings settings;
  private final DriverConfig config;
  private final AzureErrors errors;
  private final int listPageSize;
  private final ExecutorService transfers;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Staged uploads not yet committed or discarded, by handle.
  private final Map<String, PendingBlocks> pending = new ConcurrentHashMap<>();
  private final AtomicLong stagedUploads = new AtomicLong();

  AzureBlobDriver(
      BlobContainerClient container,
      AzureSettings settings,
      DriverConfig config,
      int listPageSize) {
    this.container = container;
    this.settings = settings;
    this.config = config;
    this.errors = new AzureErrors(settings, config.timeout());
    this.listPageSize = listPageSize;
    this.transfers = Executors.newFixedThreadPool(config.parallelism(), daemonThreads());
  }

  @Override
  public Set<Capability> capabilities() {
    // Staged blocks are invisible until a commit, which takes the write's conditions.
    return Set.of(
        Capability.ATOMIC_CREATE_IF_ABSENT,
        Capability.ATOMIC_REPLACE_IF_TAG_MATCHES,
        Capability.STAGED_UPLOADS);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    BlobClient blob = blob(key);
    try {
      BlobProperties properties =
          blob.getPropertiesWithResponse(null, config.timeout(), Context.NONE).getValue();
      return Optional.of(new ObjectInfo(key, properties.getBlobSize(), properties.getETag()));
    } catch (RuntimeException e) {
      if (isMissingBlob(e)) {
        return Optional.empty();
      }
      throw errors.translate(e, "stat", uri(key), Condition.none());
    }
  }

  @Override
  public Optional<ObjectContent> read(String key) {
    BlobClient blob = blob(key);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      BlobDownloadResponse response =
          blob.downloadStreamWithResponse(
              bytes,
              null,
              AzureClients.STREAM_RETRIES,
              null,
              false,
              config.timeout(),
              Context.NONE);
      byte[] content = bytes.toByteArray();
      // The ETag of this very response: a compare-and-swap on it is against these bytes.
      ObjectInfo info =
          new ObjectInfo(key, content.length, response.getDeserializedHeaders().getETag());
      return Optional.of(new ObjectContent(info, content));
    } catch (RuntimeException e) {
      if (isMissingBlob(e)) {
        return Optional.empty();
      }
      throw errors.translate(e, "read", uri(key), Condition.none());
    }
  }

  @Override
  public ObjectInfo download(String key, Path target) {
    RangedDownload download = rangedDownload(key);
    try {
      return download.to(target);
    } catch (RuntimeException e) {
      throw errors.translate(e, "download", uri(key), Condition.none());
    }
  }

  /** Writes into the target itself and reports the prefix its completed ranges cover. */
  @Override
  public ObjectInfo download(String key, Path target, DownloadProgress progress) {
    RangedDownload download = rangedDownload(key);
    try {
      return download.into(target, progress);
    } catch (RuntimeException e) {
      throw errors.translate(e, "download", uri(key), Condition.none());
    }
  }

  private RangedDownload rangedDownload(String key) {
    return new RangedDownload(
        blob(key),
        key,
        uri(key),
        config.partSize(),
        config.parallelism(),
        config.timeout(),
        transfers,
        errors);
  }

  @Override
  public ObjectInfo upload(String key, Path source, Condition condition) {
    long size = sizeOf(source, key);
    if (size <= singlePutLimit()) {
      return putBlob(blob(key), key, BinaryData.fromFile(source), size, condition);
    }
    return blockUpload(key).upload(source, size, config.partSize(), condition);
  }

  /**
   * Stages the blocks of {@code source} for {@code key}; they stay invisible until {@link
   * #commitStaged} commits them. Azure has no call that drops uncommitted blocks: {@link
   * #discardStaged} forgets them, and Azure removes them after a week, or as soon as anything is
   * written to that blob.
   */
  @Override
  public StagedObject stageUpload(String key, Path source, DownloadProgress progress) {
    long size = sizeOf(source, key);
    BlockUpload upload = blockUpload(key);
    BlockUpload.Pending blocks = upload.send(source, size, config.partSize(), progress);
    String handle = "blocks-" + stagedUploads.incrementAndGet();
    pending.put(handle, new PendingBlocks(key, upload, blocks));
    return new StagedObject(handle, size);
  }

  /** Files of more than one block: smaller ones go up in one Put Blob after the claim. */
  @Override
  public long stagedUploadMinimumSize() {
    return singlePutLimit() + 1;
  }

  @Override
  public void commitStaged(StagedObject staged, String key, Condition condition) {
    ensureOpen();
    PendingBlocks blocks = pending.get(staged.handle());
    if (blocks == null) {
      throw new StorageException(
          StorageException.Reason.NOT_FOUND,
          uri(key) + ": nothing staged as " + staged.handle() + " (committed or discarded)");
    }
    if (!blocks.key().equals(key)) {
      throw new IllegalArgumentException(
          staged.handle() + " was staged for " + blocks.key() + ", not for " + key);
    }
    blocks.upload().commitStaged(blocks.blocks(), condition);
    pending.remove(staged.handle());
  }

  @Override
  public void discardStaged(StagedObject staged) {
    pending.remove(staged.handle());
  }

  /** Blocks staged for {@code key} and not yet committed. */
  private record PendingBlocks(String key, BlockUpload upload, BlockUpload.Pending blocks) {}

  private long singlePutLimit() {
    return Math.min(config.partSize(), BlockUpload.MAX_BLOCK_SIZE);
  }

  private BlockUpload blockUpload(String key) {
    return new BlockUpload(
        blob(key).getBlockBlobClient(),
        key,
        uri(key),
        config.parallelism(),
        config.timeout(),
        transfers,
        errors,
        () -> stat(key));
  }

  private long sizeOf(Path source, String key) {
    try {
      return Files.size(source);
    } catch (IOException e) {
      throw new StorageException(
          StorageException.Reason.OTHER,
          "upload " + uri(key) + " cannot read " + source + ": " + AzureErrors.describe(e),
          e);
    }
  }

  @Override
  public ObjectInfo write(String key, byte[] content, Condition condition) {
    return putBlob(blob(key), key, BinaryData.fromBytes(content), content.length, condition);
  }

  /** One Put Blob request: the whole content, its condition checked atomically by the service. */
  private ObjectInfo putBlob(
      BlobClient blob, String key, BinaryData data, long size, Condition condition) {
    try {
      String etag =
          blob.getBlockBlobClient()
              .uploadWithResponse(
                  new BlockBlobSimpleUploadOptions(data)
                      .setRequestConditions(requestConditions(condition)),
                  config.timeout(),
                  Context.NONE)
              .getValue()
              .getETag();
      return new ObjectInfo(key, size, etag);
    } catch (RuntimeException e) {
      throw errors.translate(e, "upload", uri(key), condition);
    }
  }

  @Override
  public Stream<ObjectInfo> list(String prefix) {
    ObjectKeys.requireValidPrefix(prefix);
    ensureOpen();
    String where = uri(prefix) + "*";
    ListBlobsOptions options =
        new ListBlobsOptions()
            .setPrefix(prefix.isEmpty() ? null : prefix)
            .setMaxResultsPerPage(listPageSize);
    Iterator<BlobItem> blobs;
    try {
      // Lazy: pages are fetched as the iterator is consumed.
      PagedIterable<BlobItem> pages = container.listBlobs(options, config.timeout());
      blobs = pages.iterator();
    } catch (RuntimeException e) {
      throw errors.translate(e, "list", where, Condition.none());
    }
    Iterator<ObjectInfo> infos =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            try {
              return blobs.hasNext();
            } catch (RuntimeException e) {
              throw errors.translate(e, "list", where, Condition.none());
            }
          }

          @Override
          public ObjectInfo next() {
            BlobItem item;
            try {
              item = blobs.next();
            } catch (RuntimeException e) {
              throw errors.translate(e, "list", where, Condition.none());
            }
            return new ObjectInfo(
                item.getName(),
                item.getProperties().getContentLength(),
                item.getProperties().getETag());
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(infos, Spliterator.NONNULL | Spliterator.DISTINCT),
        false);
  }

  @Override
  public void delete(String key) {
    BlobClient blob = blob(key);
    try {
      blob.deleteWithResponse(
          DeleteSnapshotsOptionType.INCLUDE, null, config.timeout(), Context.NONE);
    } catch (RuntimeException e) {
      if (!isMissingBlob(e)) {
        throw errors.translate(e, "delete", uri(key), Condition.none());
      }
    }
  }

  /** {@code az://container/key}, modelkit's spelling of an Azure object. */
  @Override
  public String uri(String key) {
    return "az://" + settings.container() + "/" + key;
  }

  /**
   * Stops the transfer threads. The SDK's connection pool has no close of its own: its idle
   * connections close after a minute.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      transfers.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "AzureBlobDriver[az://"
        + settings.container()
        + " at "
        + settings.endpoint()
        + ", credentials: "
        + settings.credentialSource()
        + "]";
  }

  static BlobRequestConditions requestConditions(Condition condition) {
    if (condition instanceof Condition.IfAbsent) {
      return new BlobRequestConditions().setIfNoneMatch("*");
    }
    if (condition instanceof Condition.IfTagMatches ifTag) {
      return new BlobRequestConditions().setIfMatch(ifTag.tag());
    }
    return null;
  }

  private BlobClient blob(String key) {
    ObjectKeys.requireValid(key);
    ensureOpen();
    return container.getBlobClient(key);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this Azure driver for " + uri("") + " is closed");
    }
  }

  /** A 404 for the blob itself; a missing container is an error, never an empty answer. */
  private static boolean isMissingBlob(RuntimeException e) {
    if (!(e instanceof BlobStorageException service) || service.getStatusCode() != 404) {
      return false;
    }
    BlobErrorCode code = service.getErrorCode();
    return !BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)
        && !BlobErrorCode.CONTAINER_BEING_DELETED.equals(code);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "assetkit-azure-transfer-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
