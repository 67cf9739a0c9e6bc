package dev.assetkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figures 3 and 5's floor: the least a JVM program can do to copy a tree of small files, with the
 * CLI's JVM flags and its default number of transfer threads, and nothing of assetkit's.
 *
 * <pre>
 * TreeCopyFloor &lt;listFile&gt; &lt;sourceDir&gt; &lt;targetDir&gt; &lt;threads&gt; hash|nohash
 * </pre>
 *
 * <p>{@code listFile} names the files to copy, one path relative to {@code sourceDir} a line (the
 * pull reads the same list from the version's meta). The main thread creates the target folders;
 * then {@code threads} threads take the next file from a shared counter, read it, optionally
 * SHA-256 it, and write it to a new file of the same relative path. No staging, no lock, no meta,
 * no check of the digest: timed against {@code cp -r}, it says how near a JVM can come at all,
 * and timed against the CLI, how much of the CLI's time is its own.
 */
public final class TreeCopyFloor {
  private static final int BUFFER_BYTES = 64 * 1024;

  private TreeCopyFloor() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 5 || !(args[4].equals("hash") || args[4].equals("nohash"))) {
      System.err.println(
          "usage: TreeCopyFloor <listFile> <sourceDir> <targetDir> <threads> hash|nohash");
      System.exit(2);
    }
    List<String> files = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    Path source = Path.of(args[1]);
    Path target = Path.of(args[2]);
    int threads = Integer.parseInt(args[3]);
    boolean hash = args[4].equals("hash");

    TreeSet<Path> folders = new TreeSet<>();
    for (String file : files) {
      Path parent = Path.of(file).getParent();
      if (parent != null) {
        folders.add(parent);
      }
    }
    Files.createDirectories(target);
    for (Path folder : folders) {
      Files.createDirectories(target.resolve(folder));
    }

    AtomicInteger next = new AtomicInteger();
    Thread[] workers = new Thread[threads];
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                try {
                  copyUntilDone(files, next, source, target, hash);
                } catch (RuntimeException | Error e) {
                  synchronized (failure) {
                    failure[0] = e;
                  }
                }
              });
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure[0] != null) {
      failure[0].printStackTrace();
      System.exit(1);
    }
  }

  private static void copyUntilDone(
      List<String> files, AtomicInteger next, Path source, Path target, boolean hash) {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    byte[] heap = new byte[BUFFER_BYTES];
    for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
      String file = files.get(i);
      try (FileChannel in = FileChannel.open(source.resolve(file), StandardOpenOption.READ);
          FileChannel out =
              FileChannel.open(
                  target.resolve(file), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        buffer.clear();
        while (in.read(buffer) > 0) {
          buffer.flip();
          if (hash) {
            int n = buffer.remaining();
            buffer.get(heap, 0, n);
            digest.update(heap, 0, n);
            buffer.flip();
          }
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
          buffer.clear();
        }
        if (hash) {
          digest.digest();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(file, e);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
