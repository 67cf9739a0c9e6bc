package dev.assetkit.cli;

import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetsException;
import dev.assetkit.AssetsSettings;
import dev.assetkit.ErrorKind;
import dev.assetkit.TransferListener;
import dev.assetkit.internal.retry.RetryPolicy;
import dev.assetkit.internal.retry.RetryingStorageDriver;
import dev.assetkit.internal.transfer.FileTrees;
import dev.assetkit.internal.transfer.TransferPool;
import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.ObjectInfo;
import dev.assetkit.spi.StorageDriver;
import dev.assetkit.spi.StorageDriverRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PATH given to {@code new} or {@code update} as {@code s3://bucket/key}, {@code gs://bucket/key}
 * or {@code az://container/key}: a single object when one exists at {@code key}, else every object
 * under {@code key/}. It is pulled through that provider's driver into a temporary folder, pushed
 * from there, and deleted.
 */
final class RemoteSource implements AutoCloseable {
  private static final Map<String, String> SCHEMES =
      Map.of("s3", "s3", "gs", "gcs", "gcs", "gcs", "az", "az", "azure", "az");

  private final String uri;
  private final StorageDriver driver;
  private final String key;
  private final List<ObjectInfo> objects;
  private final boolean single;
  private Path tempDir;

  private RemoteSource(
      String uri, StorageDriver driver, String key, List<ObjectInfo> objects, boolean single) {
    this.uri = uri;
    this.driver = driver;
    this.key = key;
    this.objects = objects;
    this.single = single;
  }

  /** Whether {@code path} is written as a remote source ({@code scheme://...}). */
  static boolean isRemote(String path) {
    int separator = path.indexOf("://");
    return separator > 1
        && Character.isLetter(path.charAt(0))
        && path.substring(0, separator).chars().allMatch(Character::isLetterOrDigit);
  }

  /** The provider of a remote source's driver ({@code gcs} for {@code gs://...}), or null. */
  static String providerOf(String path) {
    int separator = path.indexOf("://");
    return SCHEMES.get(path.substring(0, separator).toLowerCase(Locale.ROOT));
  }

  /**
   * Opens the source and lists what it holds (nothing is downloaded yet).
   *
   * @throws AssetNotFoundException when nothing is there
   */
  static RemoteSource open(String path, AssetsSettings settings, StorageDriverRegistry registry) {
    int separator = path.indexOf("://");
    String scheme = path.substring(0, separator).toLowerCase(Locale.ROOT);
    String driverId = providerOf(path);
    if (driverId == null) {
      throw new AssetsException(
          ErrorKind.INVALID_INPUT,
          "unsupported source '"
              + path
              + "'; use a local file or folder, s3://bucket/key, gs://bucket/key or"
              + " az://container/key");
    }
    String rest = path.substring(separator + 3);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    while (key.endsWith("/")) {
      key = key.substring(0, key.length() - 1);
    }
    if (bucket.isEmpty()) {
      throw new AssetsException(
          ErrorKind.INVALID_INPUT,
          "no bucket in '" + path + "'; write " + scheme + "://bucket/key");
    }
    StorageDriver raw =
        registry.open(
            driverId,
            new DriverConfig(
                bucket,
                settings.environment(),
                settings.storageTimeout(),
                settings.transferParallelism(),
                settings.partSize()));
    StorageDriver driver =
        new RetryingStorageDriver(raw, RetryPolicy.withDeadline(settings.storageTimeout()));
    try {
      if (!key.isEmpty()) {
        Optional<ObjectInfo> object = driver.stat(key);
        if (object.isPresent()) {
          return new RemoteSource(path, driver, key, List.of(object.get()), true);
        }
      }
      String folder = key.isEmpty() ? "" : key + "/";
      List<ObjectInfo> objects;
      try (Stream<ObjectInfo> listed = driver.list(folder)) {
        // Zero-byte keys ending in '/' are the "folders" of some consoles, not files.
        objects =
            listed
                .filter(o -> !o.key().endsWith("/"))
                .sorted(Comparator.comparing(ObjectInfo::key))
                .toList();
      }
      if (objects.isEmpty()) {
        throw new AssetNotFoundException(
            "nothing to push at "
                + path
                + ": no object '"
                + key
                + "' and no object under '"
                + folder
                + "'; check the path with your cloud's tools");
      }
      return new RemoteSource(path, driver, folder, objects, false);
    } catch (RuntimeException e) {
      driver.close();
      throw e;
    }
  }

  /** How many files. */
  int files() {
    return objects.size();
  }

  /** How many bytes. */
  long bytes() {
    return objects.stream().mapToLong(ObjectInfo::size).sum();
  }

  /** Where it was pulled from. */
  String uri() {
    return uri;
  }

  /**
   * Downloads everything into a new temporary folder and returns the file or folder to push. {@link
   * #close()} deletes it.
   */
  Path pull(Path tempRoot, TransferListener listener, int parallelism) {
    try {
      Files.createDirectories(tempRoot);
      tempDir = Files.createTempDirectory(tempRoot, "assets-source-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    listener.transferStarted(TransferListener.Direction.DOWNLOAD, uri, files(), bytes());
    boolean succeeded = false;
    try (TransferPool pool = new TransferPool("source", parallelism)) {
      Path root;
      List<TransferPool.Task> tasks = new ArrayList<>();
      if (single) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        root = tempDir.resolve(name);
        tasks.add(() -> download(objects.get(0), "", root, listener));
      } else {
        root = tempDir.resolve("tree");
        for (ObjectInfo object : objects) {
          String relative = object.key().substring(key.length());
          Path local = inside(root, relative);
          tasks.add(() -> download(object, relative, local, listener));
        }
        Files.createDirectories(root);
      }
      pool.runAll(tasks);
      succeeded = true;
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      listener.transferFinished(succeeded);
    }
  }

  private void download(ObjectInfo object, String relative, Path local, TransferListener listener)
      throws IOException {
    Files.createDirectories(local.getParent());
    listener.fileStarted(relative, local, object.size());
    driver.download(object.key(), local);
    listener.fileFinished(relative, Files.size(local));
  }

  private Path inside(Path root, String relative) {
    Path path = root;
    for (String segment : relative.split("/")) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new AssetsException(
            ErrorKind.INVALID_INPUT,
            "cannot pull '" + relative + "' from " + uri + ": not a plain relative path");
      }
      path = path.resolve(segment);
    }
    return path;
  }

  @Override
  public void close() {
    try {
      if (tempDir != null) {
        FileTrees.deleteRecursively(tempDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the pulled copy " + tempDir, e);
    } finally {
      driver.close();
    }
  }
}
