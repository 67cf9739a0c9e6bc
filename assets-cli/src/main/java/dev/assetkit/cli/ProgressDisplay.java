package dev.assetkit.cli;

import dev.assetkit.TransferListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for long transfers: bytes, files, rate and ETA, redrawn in place. It
 * appears only after {@link #DELAY_MS} (a quick fetch prints nothing) and is used only on a
 * terminal; the listener methods merely count, a daemon thread draws.
 *
 * <p>Core reports whole files; for downloads the line also counts the bytes already on disk of the
 * files in flight, so one large file advances too (a driver that pre-allocates its target may make
 * that part jump ahead).
 */
final class ProgressDisplay implements TransferListener, AutoCloseable {
  static final long DELAY_MS = 500;
  private static final long PERIOD_MS = 200;

  private final PrintWriter err;
  private final int width;
  private final LongSupplier nanoTime;
  private final AtomicLong doneBytes = new AtomicLong();
  private final AtomicInteger doneFiles = new AtomicInteger();
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
  private volatile Direction direction = Direction.DOWNLOAD;
  private volatile String asset = "";
  private volatile int totalFiles;
  private volatile long totalBytes = -1;
  private volatile long startNanos;
  private ScheduledExecutorService ticker;
  private int drawnWidth; // guarded by this

  private record InFlight(Path local, long size) {}

  ProgressDisplay(PrintWriter err, int columns, LongSupplier nanoTime) {
    this.err = err;
    this.width = Math.max(20, columns - 1);
    this.nanoTime = nanoTime;
  }

  /** A display on {@code err} when {@code enabled}, else the listener that does nothing. */
  static TransferListener on(PrintWriter err, CliContext context, boolean enabled) {
    return enabled
        ? new ProgressDisplay(err, context.columns(), System::nanoTime)
        : TransferListener.NONE;
  }

  @Override
  public synchronized void transferStarted(
      Direction direction, String asset, int files, long bytes) {
    stopTicker();
    this.direction = direction;
    this.asset = asset;
    this.totalFiles = files;
    this.totalBytes = bytes;
    this.doneBytes.set(0);
    this.doneFiles.set(0);
    this.inFlight.clear();
    this.startNanos = nanoTime.getAsLong();
    this.drawnWidth = 0;
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "assets-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(this::draw, DELAY_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void fileStarted(String path, Path local, long size) {
    if (direction == Direction.DOWNLOAD) {
      inFlight.put(path, new InFlight(local, size));
    }
  }

  @Override
  public void fileFinished(String path, long bytes) {
    inFlight.remove(path);
    doneBytes.addAndGet(Math.max(0, bytes));
    doneFiles.incrementAndGet();
  }

  @Override
  public synchronized void transferFinished(boolean succeeded) {
    stopTicker();
    if (drawnWidth > 0) {
      // Leave the final state on screen, then a new line for whatever follows.
      String last = line(bytesSoFar(), succeeded ? "done" : "failed");
      err.print("\r" + pad(last));
      err.println();
      err.flush();
      drawnWidth = 0;
    }
  }

  @Override
  public synchronized void close() {
    stopTicker();
  }

  private void stopTicker() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }

  /** Draws the line now (the ticker calls this; tests may too). */
  synchronized void draw() {
    err.print("\r" + pad(line(bytesSoFar(), null)));
    err.flush();
  }

  private long bytesSoFar() {
    long bytes = doneBytes.get();
    for (InFlight file : inFlight.values()) {
      try {
        long onDisk = Files.size(file.local());
        bytes += file.size() >= 0 ? Math.min(onDisk, file.size()) : onDisk;
      } catch (IOException e) {
        // Not created yet, or already moved: counts as nothing.
      }
    }
    return bytes;
  }

  private String pad(String line) {
    String shown = line.length() > width ? line.substring(0, width) : line;
    int previous = drawnWidth;
    drawnWidth = shown.length();
    return shown.length() < previous ? shown + " ".repeat(previous - shown.length()) : shown;
  }

  /** The line for {@code bytes} transferred so far; {@code outcome} ends it when over. */
  String line(long bytes, String outcome) {
    double seconds = Math.max(1e-3, (nanoTime.getAsLong() - startNanos) / 1e9);
    return render(
        direction, asset, bytes, totalBytes, doneFiles.get(), totalFiles, seconds, outcome);
  }

  static String render(
      Direction direction,
      String asset,
      long bytes,
      long totalBytes,
      int files,
      int totalFiles,
      double seconds,
      String outcome) {
    StringBuilder line = new StringBuilder();
    line.append(direction == Direction.DOWNLOAD ? "downloading " : "uploading ").append(asset);
    line.append("  ").append(Format.bytes(bytes));
    if (totalBytes >= 0) {
      line.append(" / ").append(Format.bytes(totalBytes));
      if (totalBytes > 0) {
        line.append(String.format(Locale.ROOT, " %3d%%", Math.min(100, bytes * 100 / totalBytes)));
      }
    }
    line.append("  ").append(files).append('/').append(totalFiles).append(" files");
    double rate = bytes / seconds;
    line.append("  ").append(Format.bytes((long) rate)).append("/s");
    if (outcome != null) {
      line.append("  ").append(outcome).append(" in ").append(Format.duration((long) seconds));
    } else if (totalBytes > 0 && rate > 0 && bytes < totalBytes) {
      line.append("  ETA ").append(Format.duration((long) Math.ceil((totalBytes - bytes) / rate)));
    }
    return line.toString();
  }
}
