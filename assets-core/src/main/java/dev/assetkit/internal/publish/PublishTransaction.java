package dev.assetkit.internal.publish;

import dev.assetkit.AssetExistsException;
import dev.assetkit.AssetMeta;
import dev.assetkit.AssetMeta.FileEntry;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.PushResult;
import dev.assetkit.TransferListener;
import dev.assetkit.internal.json.MetaDocument;
import dev.assetkit.internal.publish.SourceScanner.Source;
import dev.assetkit.internal.store.RemoteStore;
import dev.assetkit.internal.transfer.TransferPool;
import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One publish, safe with concurrent publishers:
 *
 * <ol>
 *   <li>the meta (contents, sizes, checksums) is computed before anything is written;
 *   <li>the version is claimed by writing its meta <em>if absent</em>: of two publishers, one gets
 *       it and the other moves on to the next version;
 *   <li>the data objects are uploaded <em>if absent</em>, in parallel;
 *   <li>the index is updated by compare-and-swap, merging, and read back.
 * </ol>
 *
 * A publisher killed after the claim leaves a version that is not in the index; readers never
 * resolve to it, and {@code repair} adds it once its data is complete.
 */
public final class PublishTransaction {
  private static final System.Logger LOG = System.getLogger(PublishTransaction.class.getName());
  private static final int CLAIM_ATTEMPTS = 100;

  private final RemoteStore store;
  private final TransferPool pool;
  private final TransferListener listener;

  /** A transaction on {@code store}, uploading on {@code pool}. */
  public PublishTransaction(RemoteStore store, TransferPool pool) {
    this(store, pool, TransferListener.NONE);
  }

  /** As above, telling {@code listener} about each uploaded file. */
  public PublishTransaction(RemoteStore store, TransferPool pool, TransferListener listener) {
    this.store = store;
    this.pool = pool;
    this.listener = listener;
  }

  /**
   * Publishes {@code source} as the first version {@code firstChoice} proposes; when another
   * publisher claims that version first, {@code nextChoice} is asked again with the versions known
   * taken.
   */
  public PushResult publish(
      String name,
      Source source,
      AssetMeta meta,
      String firstChoice,
      Function<Set<String>, String> nextChoice,
      boolean dryRun) {
    if (dryRun) {
      return new PushResult(name, firstChoice, meta, uri(name, firstChoice), List.of(), true);
    }
    if (!store.driver().capabilities().contains(Capability.ATOMIC_CREATE_IF_ABSENT)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "this store does not guarantee atomic create-if-absent: concurrent publishers of {0}"
              + " could overwrite each other",
          name);
    }
    byte[] metaBytes = MetaDocument.write(meta).getBytes(StandardCharsets.UTF_8);
    String version = firstChoice;
    List<String> lost = new ArrayList<>();
    Set<String> taken = new java.util.HashSet<>();
    for (int attempt = 1; !claim(name, version, metaBytes, meta); attempt++) {
      lost.add(version);
      taken.add(version);
      if (attempt >= CLAIM_ATTEMPTS) {
        throw new AssetsException(
            ErrorKind.CONFLICT,
            "could not claim a version of '"
                + name
                + "' after "
                + attempt
                + " attempts; retry later");
      }
      String next = nextChoice.apply(Set.copyOf(taken));
      LOG.log(
          System.Logger.Level.WARNING,
          "version {0} of {1} was claimed by another publisher; pushing {2} instead",
          version,
          name,
          next);
      version = next;
    }
    upload(name, version, source);
    store.addToIndex(name, Set.of(version));
    return new PushResult(name, version, meta, uri(name, version), lost, false);
  }

  /** Claims the version; true when this publisher holds it (also after a retried own write). */
  private boolean claim(String name, String version, byte[] metaBytes, AssetMeta meta) {
    try {
      store.claim(name, version, metaBytes);
      return true;
    } catch (StorageException e) {
      if (e.reason() != Reason.PRECONDITION_FAILED) {
        throw e;
      }
      // Our own earlier attempt may have landed before a retried call failed.
      Optional<AssetMeta> existing = store.readMeta(name, version);
      return existing.isPresent()
          && existing.get().publishId().isPresent()
          && existing.get().publishId().equals(meta.publishId());
    } catch (AssetsException e) {
      if (e.kind() == ErrorKind.INTEGRITY) {
        return false; // an unreadable meta is someone's version all the same
      }
      throw e;
    }
  }

  private void upload(String name, String version, Source source) {
    List<TransferPool.Task> tasks = new ArrayList<>();
    for (FileEntry entry : source.files()) {
      String key =
          source.directory()
              ? store.fileKey(name, version, entry.path())
              : store.dataKey(name, version);
      tasks.add(
          () -> {
            long size = entry.size().orElse(-1);
            listener.fileStarted(entry.path(), source.local(entry), size);
            uploadOne(key, source, entry);
            listener.fileFinished(entry.path(), size);
          });
    }
    long total = source.files().stream().mapToLong(f -> f.size().orElse(0)).sum();
    listener.transferStarted(
        TransferListener.Direction.UPLOAD, name + ":" + version, tasks.size(), total);
    boolean succeeded = false;
    try {
      pool.runAll(tasks);
      succeeded = true;
    } finally {
      listener.transferFinished(succeeded);
    }
  }

  private void uploadOne(String key, Source source, FileEntry entry) {
    try {
      store.driver().upload(key, source.local(entry), Condition.ifAbsent());
    } catch (StorageException e) {
      if (e.reason() != Reason.PRECONDITION_FAILED) {
        throw e;
      }
      // The version is ours (claimed), so an existing object is our own retried write, unless its
      // size says otherwise.
      Optional<ObjectInfo> existing = store.driver().stat(key);
      if (existing.isEmpty() || existing.get().size() != entry.size().orElse(-1)) {
        throw new AssetExistsException(
            store.driver().uri(key)
                + " already exists with other content although this publisher claimed the version;"
                + " another tool is writing there");
      }
    }
  }

  private String uri(String name, String version) {
    return store.driver().uri(store.dataKey(name, version));
  }
}
