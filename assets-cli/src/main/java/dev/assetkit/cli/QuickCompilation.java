package dev.assetkit.cli;

import dev.assetkit.TransferListener;
import dev.assetkit.internal.log.Log;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.management.ObjectName;

/**
 * Asks the JVM, when a large move of files begins, to keep its optimizing compiler (C2) for the
 * SHA-256 code alone and to leave everything else to the quick one (C1).
 *
 * <p>Why: a command is a process that lives a few seconds. Pulling 10,000 small files, C2 spent 3.4
 * s of CPU compiling 345 methods of the HTTP client, the SDK and the file code — more than they ran
 * — on the two cores the transfer itself needs (and, on loopback, the server too). C1 code is good
 * enough for all of it but the hash, whose C2 intrinsic is ten times faster than C1's code, which
 * is why {@code -XX:TieredStopAtLevel=1} is no answer (bench/analysis.md). HotSpot takes such a
 * per-compiler rule as a compiler directive, which a running JVM accepts through its
 * diagnostic-command MBean (what {@code jcmd Compiler.directives_add} uses): no launcher flag, no
 * diagnostic VM option.
 *
 * <p>Asking costs ~0.1 s of CPU (building the platform MBean server), on a thread of its own, so
 * only large moves ask: a push of a folder or of a file of {@link #LARGE_BYTES} or more, as soon as
 * its source is known, and any transfer of {@link #MIN_FILES} files or {@link #LARGE_BYTES} bytes
 * when it starts. Asked when every command started, a 6-byte fetch took ~25 ms longer; asked only
 * once a transfer of 100 files started (before), the directives landed after C2 had compiled a
 * push's walk, and 1-file transfers of a GiB never asked. A fetch learns its size from the meta, so
 * the meta's parse still gets some C2 compilation (bench/analysis.md). Reaching the MBean without
 * the server would cost a third, but needs the jar's manifest to open a JDK package ({@code
 * Add-Opens}), whose processing added 10–14 ms to every command's start, the cached fetch's
 * included: not done.
 *
 * <p>The launcher the build ships beside the jar ({@code assets-cli/src/main/launcher/assets})
 * hands the same directives file to the JVM as a flag, so that they apply from its first
 * compilation, and sets the property to {@value #SET_BY_LAUNCHER}: nothing is asked then. Landing
 * that early matters: asked once a transfer starts, the directives arrived ~0.75 s into a 1 s pull
 * of 10,000 files, after C2 had spent 0.6 s on 114 methods; from the start the pull took 15 % less
 * time (bench/analysis.md).
 *
 * <p>The CLI's {@link Main} enables this for its own process; the library never does (an
 * application's JIT is its own business), nor do the CLI's in-process tests. A JVM without the
 * MBean or without directives (not HotSpot) just keeps its defaults. {@code
 * -Dassetkit.quickCompilation=false} turns it off.
 */
final class QuickCompilation {
  // Looked up on first use (Log), so after the CLI has set the log levels (see Logging), and
  // without -vv it answers no without starting slf4j.
  private static final Log LOG = Log.of(QuickCompilation.class);

  /** Transfers of fewer files (and fewer bytes) do not ask: too short for C2 to matter. */
  static final int MIN_FILES = 100;

  /** A transfer of this many bytes asks, whatever its number of files. */
  static final long LARGE_BYTES = 64L << 20;

  /**
   * The system property that turns this off when {@code false}; the launcher sets it to {@value
   * #SET_BY_LAUNCHER}.
   */
  static final String PROPERTY = "assetkit.quickCompilation";

  /**
   * The directives, one file for this class and for the launcher (which passes it to the JVM as
   * {@code -XX:CompilerDirectivesFile}): the first matching directive applies, C2 for the JDK's
   * digests, C1 for everything else.
   */
  static final String DIRECTIVES_RESOURCE = "assets-compiler-directives.json";

  /** The property's value the launcher sets when its flags already hold the directives. */
  static final String SET_BY_LAUNCHER = "launcher";

  /** What this process does about the directives when a large move begins. */
  private enum Mode {
    /** Nothing: not the CLI's own process, or turned off. */
    OFF,
    /** Asks the JVM for them. */
    ASK,
    /** Only logs that the launcher's JVM flags hold them already. */
    SET_BY_LAUNCHER
  }

  private static volatile Mode mode = Mode.OFF;
  private static boolean largeMove; // guarded by QuickCompilation.class
  private static Thread asker; // guarded by QuickCompilation.class
  // The JVM's answer, for the log; set by the asker, which does not log itself.
  private static volatile String outcome;

  private QuickCompilation() {}

  /**
   * Lets this process ask (called by {@link Main} only), unless the property says no, or says that
   * the launcher's JVM flags hold the directives already (then a large move only logs so).
   */
  static void enableForThisProcess() {
    String property = System.getProperty(PROPERTY);
    if (SET_BY_LAUNCHER.equals(property)) {
      mode = Mode.SET_BY_LAUNCHER;
    } else if (!"false".equalsIgnoreCase(property)) {
      mode = Mode.ASK;
    }
  }

  /** Asks now if this process may and a push of {@code source} is a large move (see above). */
  static void beforePushing(Path source) {
    if (mode != Mode.OFF && isLarge(source)) {
      largeMoveBegins();
    }
  }

  /** A folder, or a file of {@link #LARGE_BYTES} or more. */
  static boolean isLarge(Path source) {
    try {
      return Files.isDirectory(source) || Files.size(source) >= LARGE_BYTES;
    } catch (IOException e) {
      return false; // the push will say what is wrong with it
    }
  }

  /**
   * {@code listener}, which also asks when a transfer of at least {@link #MIN_FILES} files or
   * {@link #LARGE_BYTES} bytes starts in a process where this is enabled, and logs the ask's
   * outcome (with -vv) when it ends.
   */
  static TransferListener onLargeTransfers(TransferListener listener) {
    if (mode == Mode.OFF) {
      return listener;
    }
    return new TransferListener() {
      @Override
      public void transferStarted(Direction direction, String asset, int files, long bytes) {
        if (files >= MIN_FILES || bytes >= LARGE_BYTES) {
          largeMoveBegins();
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
        logOutcome();
        listener.transferFinished(succeeded);
      }
    };
  }

  /** Logs the ask's outcome with -vv, waiting (a second at most) for an ask still running. */
  private static void logOutcome() {
    Thread running;
    synchronized (QuickCompilation.class) {
      if (!largeMove || !LOG.isLoggable(System.Logger.Level.DEBUG)) {
        return;
      }
      running = asker;
    }
    if (running != null) {
      try {
        running.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String said = outcome;
    LOG.log(
        System.Logger.Level.DEBUG,
        "quick compilation: {0}",
        said == null ? "no answer from the JVM within a second" : said);
  }

  /** Asks in the background, once per process, unless the launcher's flags have done it. */
  private static synchronized void largeMoveBegins() {
    if (largeMove) {
      return;
    }
    largeMove = true;
    if (mode == Mode.SET_BY_LAUNCHER) {
      outcome = "set at start-up by the launcher's JVM flags";
      return;
    }
    // The MBean server logs through System.Logger: the logging back end is set up here, on the
    // command's thread, so that two threads do not race to (slf4j then warns on stderr).
    System.getLogger(QuickCompilation.class.getName());
    asker = new Thread(new Asker(), "assetkit-quick-compilation");
    asker.setDaemon(true); // never keeps the process alive
    asker.start();
  }

  /** Asks and keeps the answer (a class, not a lambda: the first lambda costs start-up time). */
  private static final class Asker implements Runnable {
    @Override
    public void run() {
      outcome = ask();
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
      try (InputStream directives =
          QuickCompilation.class.getResourceAsStream(DIRECTIVES_RESOURCE)) {
        if (directives == null) {
          return "not available: " + DIRECTIVES_RESOURCE + " is missing from the jar";
        }
        Files.copy(directives, file, StandardCopyOption.REPLACE_EXISTING);
      }
      Object answer =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      return String.valueOf(answer).strip();
    } catch (Exception | LinkageError e) {
      // Not HotSpot, or no java.management: the JVM's defaults are only slower.
      return "not available on this JVM (" + e + ")";
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          file.toFile().deleteOnExit();
        }
      }
    }
  }
}
