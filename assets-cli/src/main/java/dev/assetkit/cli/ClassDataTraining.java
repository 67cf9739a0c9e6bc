package dev.assetkit.cli;

import dev.assetkit.internal.transfer.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The workload the build runs under {@code -XX:ArchiveClassesAtExit}, once per class-data archive
 * ({@code assets.jsa}, and {@code assets-PROVIDER.jsa} for each cloud provider), that the launcher
 * hands the JVM (docs/cli.md, "Start-up time"): the classes it loads are then mapped from the
 * archive at every start instead of being read from the jar, parsed and verified.
 *
 * <p>It runs the commands users run most, in this one JVM, on a local-folder store in a temporary
 * directory: a push of a folder of many small files and one large enough to be hashed while it is
 * copied, an update, cold and cached fetches (pinned, latest, a missing version, a bad spec), and
 * the picocli commands that read the store; then, for a provider's archive, a fetch from that cloud
 * store at a port where nothing listens. What it does not reach (the classes that read a cloud
 * store's responses, say) loads from the jar as before. The commands' output is thrown away; a
 * local command that exits otherwise than expected fails the training, so that a broken archive
 * step shows in the build log rather than as a slower CLI.
 */
public final class ClassDataTraining {
  /** Above the engine's threshold for hashing a file while it is copied (4 MiB). */
  private static final int LARGE_FILE_BYTES = 5 << 20;

  /** The providers a training can add to the local commands, one per archive. */
  static final List<String> CLOUD_PROVIDERS = List.of("s3", "gcs", "az");

  private ClassDataTraining() {}

  /**
   * Runs the workload in a temporary directory (deleted after): the local commands, then, when
   * {@code args} names a cloud provider ({@code s3}, {@code gcs} or {@code az}), a fetch from that
   * store. Exits 0, or 1 on a failure.
   */
  public static void main(String[] args) throws IOException {
    if (args.length > 1 || (args.length == 1 && !CLOUD_PROVIDERS.contains(args[0]))) {
      System.err.println("usage: ClassDataTraining [" + String.join("|", CLOUD_PROVIDERS) + "]");
      System.exit(2);
    }
    Path work = Files.createTempDirectory("assets-class-data-");
    try {
      run(work, args.length == 1 ? Optional.of(args[0]) : Optional.empty());
    } finally {
      FileTrees.deleteRecursively(work);
    }
  }

  static void run(Path work, Optional<String> cloudProvider) throws IOException {
    // What Main loads before a command: with every class of a start in the archive, the class
    // loader never opens the jar (28k entries, ~10 ms to index), which a cached fetch then skips.
    loadMainsClasses();
    // As under the launcher, whose flags hold the compiler directives: a move of MIN_FILES files
    // then only logs so (the ask of a bare `java -jar` loads classes no launched CLI uses).
    System.setProperty(QuickCompilation.PROPERTY, QuickCompilation.SET_BY_LAUNCHER);
    QuickCompilation.enableForThisProcess();
    Path source = Files.createDirectories(work.resolve("source/sub"));
    for (int i = 0; i < QuickCompilation.MIN_FILES; i++) {
      Files.writeString(source.resolve("f" + i + ".txt"), "file " + i);
    }
    Files.write(work.resolve("source/weights.bin"), new byte[LARGE_FILE_BYTES]);
    Path bucket = Files.createDirectories(work.resolve("bucket"));
    Map<String, String> env =
        Map.of(
            "ASSETS_STORAGE_PROVIDER", "local",
            "ASSETS_STORAGE_BUCKET", bucket.toString(),
            "ASSETS_DIR", work.resolve("assets").toString());
    CliContext context = CliContext.of(env, work);
    String folder = work.resolve("source").toString();

    expect(0, context, "new", folder, "models/x", "-y", "-q");
    expect(0, context.withProgressTerminal(true), "update", folder, "models/x", "--yes");
    expect(0, context.withProgressTerminal(true), "fetch", "models/x:0.0");
    expect(0, context, "fetch", "models/x:0.0");
    expect(0, context, "fetch", "models/x:0.1[sub/f1.txt]", "--json");
    expect(0, context, "fetch", "models/x");
    expect(3, context, "fetch", "models/x:9.9");
    expect(2, context, "fetch", "models/x:not a version");
    expect(0, context, "list");
    expect(0, context, "versions", "models/x");
    expect(0, context, "info", "models/x:0.1");
    expect(0, context, "cache", "list");

    if (cloudProvider.isPresent()) {
      Map<String, String> cloudEnv =
          new HashMap<>(cloudStore(cloudProvider.get(), "http://127.0.0.1:" + closedPort()));
      cloudEnv.put("ASSETS_DIR", work.resolve("assets-cloud").toString());
      cloudEnv.put("ASSETS_STORAGE_TIMEOUT_S", "1");
      run(CliContext.of(cloudEnv, work), "fetch", "models/x:0.0");
    }
  }

  /**
   * A cloud store at an endpoint where nothing listens: a fetch builds the driver, its client and
   * its first request, then gives up within the one-second deadline (exit 6). The classes that read
   * a response are not reached; a fetch from a real store loads them from the jar.
   */
  private static Map<String, String> cloudStore(String provider, String endpoint) {
    return switch (provider) {
      case "s3" ->
          Map.of(
              "ASSETS_STORAGE_PROVIDER", "s3",
              "ASSETS_STORAGE_BUCKET", "training",
              "S3_ENDPOINT", endpoint,
              "AWS_ACCESS_KEY_ID", "training",
              "AWS_SECRET_ACCESS_KEY", "training",
              "AWS_REGION", "us-east-1");
      case "gcs" ->
          Map.of(
              "ASSETS_STORAGE_PROVIDER", "gcs",
              "ASSETS_STORAGE_BUCKET", "training",
              "STORAGE_EMULATOR_HOST", endpoint,
              "GOOGLE_CLOUD_PROJECT", "training");
      case "az" ->
          Map.of(
              "ASSETS_STORAGE_PROVIDER",
              "az",
              "ASSETS_STORAGE_BUCKET",
              "training",
              "AZURE_STORAGE_CONNECTION_STRING",
              "DefaultEndpointsProtocol=http;AccountName=training;AccountKey=dHJhaW5pbmc=;"
                  + "BlobEndpoint="
                  + endpoint
                  + "/training;");
      default -> throw new IllegalArgumentException("not a cloud provider: " + provider);
    };
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void loadMainsClasses() {
    try {
      Class.forName(Main.class.getName(), false, Main.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    CliContext.system().env().entrySet().iterator();
  }

  /** Runs one command as {@link Main} would, and checks its exit code. */
  private static void expect(int exitCode, CliContext context, String... args) {
    int actual = run(context, args);
    if (actual != exitCode) {
      throw new IllegalStateException(
          "class-data training: `assets "
              + String.join(" ", args)
              + "` exited "
              + actual
              + ", expected "
              + exitCode);
    }
  }

  /**
   * Runs one command as {@link Main} would, its output thrown away, and says on stdout (the build's
   * {@code assets*.jsa.log}) what it ran; returns its exit code.
   */
  private static int run(CliContext context, String... args) {
    long start = System.nanoTime();
    PrintWriter out = new PrintWriter(Writer.nullWriter());
    PrintWriter err = new PrintWriter(Writer.nullWriter());
    Optional<Integer> fast = FastPath.tryRun(context, args, out, err);
    int exitCode;
    if (fast.isPresent()) {
      exitCode = fast.get();
    } else {
      CommandLine commandLine = CommandLines.commandLine(context, args);
      commandLine.setOut(out).setErr(err);
      exitCode = commandLine.execute(args);
    }
    System.out.printf(
        "%s: assets %s: exit %d in %d ms%n",
        context.env().get("ASSETS_STORAGE_PROVIDER"),
        String.join(" ", args),
        exitCode,
        (System.nanoTime() - start) / 1_000_000);
    return exitCode;
  }
}
