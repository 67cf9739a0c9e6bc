package dev.assetkit.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * The {@code assets} command line. {@link #main} is the only place that exits the process; tests
 * build the same command line with {@link CommandLines#commandLine(CliContext)} and capture its
 * output.
 *
 * <p>This class stays small on purpose, and names no picocli type (the verifier would load it): the
 * plain forms of {@code fetch}, {@code new} and {@code update} run in {@link FastPath} before
 * picocli or any command class loads.
 */
public final class Main {
  private Main() {}

  /** Runs {@code assets} with {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    CliContext context = CliContext.system();
    QuickCompilation.enableForThisProcess(); // a real process: its JIT is ours to tune
    Optional<Integer> fast = FastPath.tryRun(context, args, writer(System.out), writer(System.err));
    if (fast.isPresent()) {
      System.exit(fast.get());
    }
    System.exit(CommandLines.execute(context, args));
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, Charset.defaultCharset()));
  }
}
