package dev.assetkit.cli;

import dev.assetkit.AssetsException;
import dev.assetkit.ErrorKind;
import dev.assetkit.TransferListener;
import dev.assetkit.internal.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What a command writes and reads, with or without picocli: results and JSON on stdout; notes,
 * prompts and the progress line on stderr; answers from the context's stdin. Commands reach it
 * through {@link AssetsCommand}; the picocli-free runs ({@link FetchRun}, {@link PublishRun}) are
 * given one.
 */
final class Console {
  private final CliContext context;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;

  Console(CliContext context, PrintWriter out, PrintWriter err, boolean quiet) {
    this.context = context;
    this.out = out;
    this.err = err;
    this.quiet = quiet;
  }

  /** The process the command runs in. */
  CliContext context() {
    return context;
  }

  /** Standard output: results and JSON only. */
  PrintWriter out() {
    return out;
  }

  /** Standard error: notes, prompts, progress and errors. */
  PrintWriter err() {
    return err;
  }

  /** Whether -q was given: notes are not printed, so there is no need to work them out. */
  boolean quiet() {
    return quiet;
  }

  /** A note for people on stderr, unless -q. */
  void note(String text) {
    if (!quiet) {
      err.println(text);
      err.flush();
    }
  }

  /** Writes one JSON document on stdout. */
  void printJson(Object document) {
    out.println(Json.write(document));
    out.flush();
  }

  /**
   * A progress line on stderr, unless stderr is not a terminal, with -q, or with JSON output; a
   * large transfer also tunes the JIT ({@link QuickCompilation}).
   */
  TransferListener progress(boolean json) {
    return QuickCompilation.onLargeTransfers(
        ProgressDisplay.on(err, context, context.progressTerminal() && !quiet && !json));
  }

  /** Fails at once when a confirmation would be needed but nobody can give it. */
  void requireConfirmable(String commandName, boolean yes, boolean dryRun) {
    if (!yes && !dryRun && !context.interactive()) {
      throw new AssetsException(
          ErrorKind.INVALID_INPUT,
          "'"
              + commandName
              + "' asks for confirmation but stdin is not a terminal (or stdout is redirected);"
              + " pass -y (--yes) to go ahead"
              + " without asking, or --dry-run to see what it would do");
    }
  }

  /** Asks a yes/no question on stderr; only y or yes (any case) is yes. */
  boolean confirm(String question) {
    err.print(question + " [y/N] ");
    err.flush();
    String answer;
    try {
      answer = context.stdin().readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null) {
      err.println();
      return false;
    }
    String normalized = answer.trim().toLowerCase(Locale.ROOT);
    return normalized.equals("y") || normalized.equals("yes");
  }
}
