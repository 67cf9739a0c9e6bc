package dev.assetkit.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * The {@code assets} command line. {@link #main} is the only place that exits the process; tests
 * build the same command line with {@link CommandLines#commandLine(CliContext)} and capture its
 * output.
 *
 * <p>This class stays small on purpose, and names no picocli type (the verifier would load it): a
 * cached pinned fetch is answered by {@link FastFetch} before picocli or any command class loads.
 */
public final class Main {
  private Main() {}

  /** Runs {@code assets} with {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    CliContext context = CliContext.system();
    PrintWriter stdout =
        new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()));
    Optional<Integer> fast = FastFetch.tryRun(context, args, stdout);
    if (fast.isPresent()) {
      System.exit(fast.get());
    }
    QuickCompilation.enableForThisProcess(); // a real process: its JIT is ours to tune
    System.exit(CommandLines.execute(context, args));
  }
}
