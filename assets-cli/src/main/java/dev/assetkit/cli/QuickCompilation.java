package dev.assetkit.cli;

import dev.assetkit.TransferListener;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Asks the JVM, once a transfer of many files begins, to keep its optimizing compiler (C2) for the
 * SHA-256 code alone and to leave everything else to the quick one (C1).
 *
 * <p>Why: a command is a process that lives a few seconds. Pulling 10,000 small files, C2 spent 3.4
 * s of CPU compiling 345 methods of the HTTP client, the SDK and the file code — more than they ran
 * — on the two cores the transfer itself needs (and, on loopback, the server too). C1 code is good
 * enough for all of it but the hash, whose C2 intrinsic is ten times faster than C1's code, which
 * is why {@code -XX:TieredStopAtLevel=1} is no answer (bench/analysis.md). HotSpot takes such a
 * per-compiler rule as a compiler directive, which a running JVM accepts through its
 * diagnostic-command MBean (what {@code jcmd Compiler.directives_add} uses): no launcher flag, no
 * diagnostic VM option. It costs ~0.1 s of CPU, on a thread of its own, so only transfers of at
 * least {@link #MIN_FILES} files ask.
 *
 * <p>The CLI's {@link Main} enables this for its own process; the library never does (an
 * application's JIT is its own business), nor do the CLI's in-process tests. A JVM without the
 * MBean or without directives (not HotSpot) just keeps its defaults. {@code
 * -Dassetkit.quickCompilation=false} turns it off.
 */
final class QuickCompilation {
  /** Transfers of fewer files do not ask: too short for C2 to matter, and the ask costs CPU. */
  static final int MIN_FILES = 100;

  /** The system property that turns this off when {@code false}. */
  static final String PROPERTY = "assetkit.quickCompilation";

  /** The first matching directive applies: C2 for the JDK's digests, C1 for everything else. */
  static final String DIRECTIVES =
      "[\n"
          + "  { match: \"sun/security/provider/*.*\", c2: { Exclude: false } },\n"
          + "  { match: \"*.*\", c2: { Exclude: true } }\n"
          + "]\n";

  private static volatile boolean enabled;
  private static Thread asker; // guarded by QuickCompilation.class

  private QuickCompilation() {}

  /** Lets this process ask (called by {@link Main} only), unless the property says no. */
  static void enableForThisProcess() {
    enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
  }

  /**
   * {@code listener}, which also asks for quick compilation when a transfer of at least {@link
   * #MIN_FILES} files starts in a process where this is enabled.
   */
  static TransferListener onLargeTransfers(TransferListener listener) {
    if (!enabled) {
      return listener;
    }
    return new TransferListener() {
      @Override
      public void transferStarted(Direction direction, String asset, int files, long bytes) {
        if (files >= MIN_FILES) {
          askInBackground();
        }
        listener.transferStarted(direction, asset, files, bytes);
      }

      @Override
      public void fileStarted(String path, Path local, long size) {
        listener.fileStarted(path, local, size);
      }

      @Override
      public void fileFinished(String path, long bytes) {
        listener.fileFinished(path, bytes);
      }

      @Override
      public void transferFinished(boolean succeeded) {
        awaitAsk();
        listener.transferFinished(succeeded);
      }
    };
  }

  // Not a static logger: this class loads before the CLI sets the log levels (see Logging).
  private static void log(String outcome) {
    System.getLogger(QuickCompilation.class.getName())
        .log(System.Logger.Level.DEBUG, "quick compilation: {0}", outcome);
  }

  private static synchronized void askInBackground() {
    if (asker != null) {
      return;
    }
    asker = new Thread(QuickCompilation::ask, "assetkit-quick-compilation");
    asker.setDaemon(true); // never keeps the process alive
    asker.start();
  }

  /**
   * Waits (a second at most) for an ask still running when a short transfer ends, so that its
   * outcome is logged rather than cut off by the process's exit.
   */
  private static void awaitAsk() {
    Thread running;
    synchronized (QuickCompilation.class) {
      running = asker;
    }
    if (running != null) {
      try {
        running.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Adds the directives to this JVM now.
   *
   * @return the JVM's answer (such as "2 compiler directives added"), or why there is none
   */
  static String ask() {
    Path file = null;
    try {
      // The diagnostic command reads its directives from a file.
      file = Files.createTempFile("assetkit-directives", ".json");
      Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
      Object answer =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      String said = String.valueOf(answer).strip();
      log(said);
      return said;
    } catch (Exception | LinkageError e) {
      // Not HotSpot, or no java.management: the JVM's defaults are only slower.
      String why = "not available on this JVM (" + e + ")";
      log(why);
      return why;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
          file.toFile().deleteOnExit();
        }
      }
    }
  }
}
