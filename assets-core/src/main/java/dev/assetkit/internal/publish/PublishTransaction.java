package dev.assetkit.internal.publish;

import dev.assetkit.AssetExistsException;
import dev.assetkit.AssetMeta;
import dev.assetkit.AssetMeta.FileEntry;
import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.PushResult;
import dev.assetkit.TransferListener;
import dev.assetkit.internal.json.MetaDocument;
import dev.assetkit.internal.log.Log;
import dev.assetkit.internal.publish.SourceScanner.ListedFile;
import dev.assetkit.internal.publish.SourceScanner.Listing;
import dev.assetkit.internal.publish.SourceScanner.Source;
import dev.assetkit.internal.publish.SourceStager.StagedSource;
import dev.assetkit.internal.store.RemoteStore;
import dev.assetkit.internal.transfer.TransferPool;
import dev.assetkit.spi.Capability;
import dev.assetkit.spi.Condition;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StagedObject;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One publish, safe with concurrent publishers:
 *
 * <ol>
 *   <li>the meta (contents, sizes, checksums) is computed before anything visible is written: by
 *       hashing every file, or, on a driver that can stage, while the data is staged where no
 *       reader sees it (all of it in the local store's work folder; the large files only, as
 *       uncompleted multipart uploads on S3 or uncommitted blocks on Azure);
 *   <li>the version is claimed by writing its meta <em>if absent</em>: of two publishers, one gets
 *       it and the other moves on to the next version;
 *   <li>the data objects are uploaded (or their staged data committed) <em>if absent</em>, in
 *       parallel;
 *   <li>the index is updated by compare-and-swap, merging, and read back.
 * </ol>
 *
 * A publisher killed after the claim leaves a version that is not in the index; readers never
 * resolve to it, and {@code repair} adds it once its data is complete.
 */
public final class PublishTransaction {
  private static final Log LOG = Log.of(PublishTransaction.class);
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
   * Publishes the file or folder {@code root} as the first version {@code firstChoice} proposes;
   * when another publisher claims that version first, {@code nextChoice} is asked again with the
   * versions known taken. {@code metaOf} makes the meta of the scanned source.
   *
   * <p>On a driver with {@link Capability#STAGED_WRITES} the data is staged (hashed as it is
   * copied) before the claim and committed after it, so each file is read once. On a driver with
   * {@link Capability#STAGED_UPLOADS} the same holds for the large files, sent under the first
   * choice's keys; if another publisher claims that version first, they are sent again under the
   * version this one gets. Other files are hashed first and uploaded after the claim. A dry run
   * only hashes.
   */
  public PushResult publish(
      String name,
      Path root,
      Function<Source, AssetMeta> metaOf,
      String firstChoice,
      Function<Set<String>, String> nextChoice,
      boolean dryRun) {
    if (dryRun) {
      AssetMeta meta = metaOf.apply(SourceScanner.scan(root, pool));
      return new PushResult(name, firstChoice, meta, uri(name, firstChoice), List.of(), true);
    }
    warnUnlessAtomic(name);
    Set<Capability> capabilities = store.driver().capabilities();
    if (capabilities.contains(Capability.STAGED_UPLOADS)
        && !capabilities.contains(Capability.STAGED_WRITES)) {
      return publishStagingUploads(name, root, metaOf, firstChoice, nextChoice);
    }
    if (!capabilities.contains(Capability.STAGED_WRITES)) {
      Source source = SourceScanner.scan(root, pool);
      AssetMeta meta = metaOf.apply(source);
      Claim claim = claim(name, meta, firstChoice, nextChoice);
      upload(name, claim.version(), source);
      store.addToIndex(name, Set.of(claim.version()));
      return new PushResult(
          name, claim.version(), meta, uri(name, claim.version()), claim.lost(), false);
    }
    try (StagedSource staged =
        SourceStager.stage(root, store.driver(), pool, listener, name + ":" + firstChoice)) {
      AssetMeta meta = metaOf.apply(staged.source());
      Claim claim = claim(name, meta, firstChoice, nextChoice);
      commit(name, claim.version(), staged);
      store.addToIndex(name, Set.of(claim.version()));
      return new PushResult(
          name, claim.version(), meta, uri(name, claim.version()), claim.lost(), false);
    }
  }

  private PushResult publishStagingUploads(
      String name,
      Path root,
      Function<Source, AssetMeta> metaOf,
      String firstChoice,
      Function<Set<String>, String> nextChoice) {
    Listing listing = SourceScanner.list(root, pool);
    long total = 0;
    for (ListedFile file : listing.files()) {
      total += file.sizeHint();
    }
    // One transfer for the user: the large files move before the claim, the others after it.
    listener.transferStarted(
        TransferListener.Direction.UPLOAD, name + ":" + firstChoice, listing.files().size(), total);
    boolean succeeded = false;
    try (StagedSource staged =
        SourceStager.stageUploads(
            listing,
            store.driver(),
            pool,
            listener,
            path -> key(name, firstChoice, listing.directory(), path))) {
      Source source = staged.source();
      AssetMeta meta = metaOf.apply(source);
      Claim claim = claim(name, meta, firstChoice, nextChoice);
      if (!claim.version().equals(firstChoice)) {
        staged.discard(); // sent to the keys of a version another publisher holds
      }
      List<TransferPool.Task> tasks = new ArrayList<>();
      for (FileEntry entry : source.files()) {
        String key = key(name, claim.version(), source, entry);
        Optional<StagedObject> pending = staged.staged(entry);
        tasks.add(
            pending.isPresent()
                ? commitTask(key, entry, pending.get(), staged)
                : uploadTask(key, entry, source));
      }
      runAll(source, tasks);
      store.addToIndex(name, Set.of(claim.version()));
      succeeded = true;
      return new PushResult(
          name, claim.version(), meta, uri(name, claim.version()), claim.lost(), false);
    } finally {
      listener.transferFinished(succeeded);
    }
  }

  private void warnUnlessAtomic(String name) {
    if (!store.driver().capabilities().contains(Capability.ATOMIC_CREATE_IF_ABSENT)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "this store does not guarantee atomic create-if-absent: concurrent publishers of {0}"
              + " could overwrite each other",
          name);
    }
  }

  /** The version this publisher holds, and those it lost to others on the way. */
  private record Claim(String version, List<String> lost) {}

  private Claim claim(
      String name, AssetMeta meta, String firstChoice, Function<Set<String>, String> nextChoice) {
    byte[] metaBytes = MetaDocument.write(meta).getBytes(StandardCharsets.UTF_8);
    String version = firstChoice;
    List<String> lost = new ArrayList<>();
    Set<String> taken = new HashSet<>();
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
      // INFO, not WARNING: nothing is wrong, and the result says it too (PushResult.lostVersions),
      // which the CLI prints as its own note; at WARNING its users read the same thing twice.
      LOG.log(
          System.Logger.Level.INFO,
          "version {0} of {1} is already claimed (by another push running meanwhile, or one that"
              + " stopped before it finished); pushing {2} instead",
          version,
          name,
          next);
      version = next;
    }
    return new Claim(version, lost);
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
      tasks.add(uploadTask(key(name, version, source, entry), entry, source));
    }
    long total = source.files().stream().mapToLong(f -> f.size().orElse(0)).sum();
    listener.transferStarted(
        TransferListener.Direction.UPLOAD, name + ":" + version, tasks.size(), total);
    boolean succeeded = false;
    try {
      runAll(source, tasks);
      succeeded = true;
    } finally {
      listener.transferFinished(succeeded);
    }
  }

  private void runAll(Source source, List<TransferPool.Task> tasks) {
    try {
      pool.runAll(tasks);
    } catch (UncheckedIOException e) {
      throw SourceScanner.cannotRead(source.root(), e.getCause()); // e.g. a file deleted meanwhile
    }
  }

  /** Uploads a file hashed before the claim, if absent, and refuses it if it changed since. */
  private TransferPool.Task uploadTask(String key, FileEntry entry, Source source) {
    return () -> {
      long size = entry.size().orElse(-1);
      listener.fileStarted(entry.path(), source.local(entry), size);
      createIfAbsent(
          key, entry, () -> store.driver().upload(key, source.local(entry), Condition.ifAbsent()));
      // Hashed long before it was uploaded: refuse it if it was written in between.
      source.requireUnchanged(entry);
      listener.fileFinished(entry.path(), size);
    };
  }

  /** Places every staged file under the claimed version: a link each on the local store. */
  private void commit(String name, String version, StagedSource staged) {
    Source source = staged.source();
    List<TransferPool.Task> tasks = new ArrayList<>();
    for (FileEntry entry : source.files()) {
      tasks.add(
          commitTask(
              key(name, version, source, entry),
              entry,
              staged.staged(entry).orElseThrow(),
              staged));
    }
    pool.runAll(tasks);
  }

  /** Makes a staged file visible under {@code key}, if absent. */
  private TransferPool.Task commitTask(
      String key, FileEntry entry, StagedObject object, StagedSource staged) {
    return () ->
        createIfAbsent(
            key,
            entry,
            () -> {
              try {
                store.driver().commitStaged(object, key, Condition.ifAbsent());
              } catch (StorageException e) {
                // A retried commit whose first attempt landed finds nothing left to commit.
                if (e.reason() != Reason.NOT_FOUND || !isOwnObject(key, entry)) {
                  throw e;
                }
              }
              staged.committed(entry);
            });
  }

  /**
   * Runs a create-if-absent {@code write} of {@code entry} under a version this publisher claimed.
   * When it is refused, the object there is our own retried write, unless its size says otherwise.
   */
  private void createIfAbsent(String key, FileEntry entry, Runnable write) {
    try {
      write.run();
    } catch (StorageException e) {
      if (e.reason() != Reason.PRECONDITION_FAILED) {
        throw e;
      }
      requireOwnObject(key, entry);
    }
  }

  private void requireOwnObject(String key, FileEntry entry) {
    if (!isOwnObject(key, entry)) {
      throw new AssetExistsException(
          store.driver().uri(key)
              + " already exists with other content although this publisher claimed the version;"
              + " another tool is writing there");
    }
  }

  /** Whether {@code key} holds an object of {@code entry}'s size: under a claimed version, ours. */
  private boolean isOwnObject(String key, FileEntry entry) {
    Optional<ObjectInfo> existing = store.driver().stat(key);
    return existing.isPresent() && existing.get().size() == entry.size().orElse(-1);
  }

  private String key(String name, String version, Source source, FileEntry entry) {
    return key(name, version, source.directory(), entry.path());
  }

  private String key(String name, String version, boolean directory, String path) {
    return directory ? store.fileKey(name, version, path) : store.dataKey(name, version);
  }

  private String uri(String name, String version) {
    return store.driver().uri(store.dataKey(name, version));
  }
}
