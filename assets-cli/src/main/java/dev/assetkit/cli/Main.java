package dev.assetkit.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The {@code assets} command line. {@link #main} is the only place that exits the process; tests
 * build the same command line with {@link #commandLine(CliContext)} and capture its output.
 *
 * <p>This class stays small on purpose: a cached pinned fetch is answered by {@link FastFetch}
 * before picocli or any command class is loaded.
 */
public final class Main {
  private Main() {}

  /** Runs {@code assets} with {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    CliContext context = CliContext.system();
    PrintWriter stdout =
        new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()));
    Optional<Integer> fast = FastFetch.tryRun(context, args, stdout);
    int exitCode = fast.isPresent() ? fast.get() : CommandLines.execute(context, args);
    System.exit(exitCode);
  }

  /** The whole command line, every sub-command included, running in {@code context}. */
  public static CommandLine commandLine(CliContext context) {
    return CommandLines.commandLine(context);
  }
}
