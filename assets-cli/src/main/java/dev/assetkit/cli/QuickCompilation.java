package dev.assetkit.cli;

import dev.assetkit.TransferListener;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.management.DynamicMBean;
import javax.management.ObjectName;

/**
 * Asks the JVM, as soon as a command that moves files starts, to keep its optimizing compiler (C2)
 * for the SHA-256 code alone and to leave everything else to the quick one (C1).
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
 * <p>Asking costs ~35 ms of CPU (~100 ms through the platform MBean server, see {@link #ask}), on a
 * thread of its own, so it starts with the command ({@code fetch}, {@code new}, {@code update})
 * rather than once a transfer's size is known: asked when a transfer of 100 files started, the
 * directives landed after C2 had already compiled the meta's parser and the source walk (119
 * methods in a 10,000-file pull). A command that ends up moving nothing (a cached fetch of an
 * unpinned version) pays the ask on the other core.
 *
 * <p>The CLI's {@link Main} enables this for its own process; the library never does (an
 * application's JIT is its own business), nor do the CLI's in-process tests. A JVM without the
 * MBean or without directives (not HotSpot) just keeps its defaults. {@code
 * -Dassetkit.quickCompilation=false} turns it off.
 */
final class QuickCompilation {
  /** The commands that ask: those that move files. */
  static final Set<String> COMMANDS = Set.of("fetch", "new", "update");

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
  // The JVM's answer, for the log; set by the asker, which does not log itself.
  private static volatile String outcome;

  private QuickCompilation() {}

  /** Lets this process ask (called by {@link Main} only), unless the property says no. */
  static void enableForThisProcess() {
    enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
  }

  /**
   * Asks in the background if this process may and {@code command} is one of the {@link #COMMANDS}.
   * Called once the log levels are set: the platform MBean server logs through {@code
   * System.Logger}, whose first use fixes slf4j-simple's settings.
   */
  static void startFor(String command) {
    if (enabled && asks(command)) {
      askInBackground();
    }
  }

  /** Whether {@code command} asks. */
  static boolean asks(String command) {
    return COMMANDS.contains(command);
  }

  /** {@code listener}, which at the end of a transfer logs the ask's outcome (with -vv). */
  static TransferListener awaitingTheAsk(TransferListener listener) {
    return new TransferListener() {
      @Override
      public void transferStarted(Direction direction, String asset, int files, long bytes) {
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
    // Not a static logger: this class loads before the CLI sets the log levels (see Logging).
    System.Logger logger = System.getLogger(QuickCompilation.class.getName());
    Thread running;
    synchronized (QuickCompilation.class) {
      running = asker;
    }
    if (running == null || !logger.isLoggable(System.Logger.Level.DEBUG)) {
      return;
    }
    try {
      running.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String said = outcome;
    logger.log(
        System.Logger.Level.DEBUG,
        "quick compilation: {0}",
        said == null ? "no answer from the JVM within a second" : said);
  }

  private static synchronized void askInBackground() {
    if (asker != null) {
      return;
    }
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

  private static final String ADD = "compilerDirectivesAdd";
  private static final String[] SIGNATURE = {String[].class.getName()};

  /**
   * The JDK's diagnostic-command MBean without the platform MBean server, whose set-up (every
   * platform MXBean introspected and registered) is most of an ask's cost: ~100 ms of CPU, against
   * ~35 ms this way. It is internal to the JDK: the jar's manifest opens its package to us ({@code
   * Add-Opens}, honoured by {@code java -jar}); otherwise, or if a JDK changes it, this fails and
   * the caller goes through the server.
   */
  private static DynamicMBean diagnosticCommandsDirectly() throws ReflectiveOperationException {
    // Loads the native library the MBean's methods need, as the platform server would.
    Class.forName("com.sun.management.internal.PlatformMBeanProviderImpl", true, null);
    Method get =
        Class.forName("com.sun.management.internal.DiagnosticCommandImpl", true, null)
            .getDeclaredMethod("getDiagnosticCommandMBean");
    get.setAccessible(true);
    return (DynamicMBean) get.invoke(null);
  }

  /**
   * Adds the directives to this JVM now.
   *
   * @return the JVM's answer and the way it was asked (such as "2 compiler directives added
   *     (directly)"), or why there is none
   */
  static String ask() {
    Path file = null;
    try {
      // The diagnostic command reads its directives from a file.
      file = Files.createTempFile("assetkit-directives", ".json");
      Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
      String[] files = {file.toString()};
      Object answer;
      String via;
      try {
        answer = diagnosticCommandsDirectly().invoke(ADD, new Object[] {files}, SIGNATURE);
        via = "directly";
      } catch (Exception | LinkageError notOpened) {
        answer =
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    ADD,
                    new Object[] {files},
                    SIGNATURE);
        via = "through the platform MBean server";
      }
      return String.valueOf(answer).strip() + " (" + via + ")";
    } catch (Exception | LinkageError e) {
      // Not HotSpot, or no java.management: the JVM's defaults are only slower.
      return "not available on this JVM (" + e + ")";
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
