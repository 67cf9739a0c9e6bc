package dev.assetkit.cli;

import dev.assetkit.AssetsException;
import dev.assetkit.AssetsSettings;
import dev.assetkit.ErrorKind;
import dev.assetkit.InvalidAssetSpecException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr (two for a bad spec: the spec and a caret under the
 * fault) and the exit code of its {@link ErrorKind}. Stack traces only with -v.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

  /** Usage errors: what is wrong, a suggestion for a typo, and where help is. Exit code 2. */
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine commandLine = ex.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("error: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more.");
    err.flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    AssetsCommand command = commandLine.getCommand() instanceof AssetsCommand c ? c : null;
    int verbosity = command == null ? 0 : command.verbosity();
    int exitCode;
    if (ex instanceof InvalidAssetSpecException spec) {
      String prefix = "error: invalid asset spec: ";
      String[] caret = spec.caret().split("\n", 2);
      err.println(prefix + caret[0]);
      err.println(" ".repeat(prefix.length()) + caret[1] + " " + spec.reason());
      exitCode = spec.kind().exitCode();
    } else if (ex instanceof AssetsException assets) {
      err.println("error: " + message(assets, command));
      exitCode = assets.kind().exitCode();
    } else if (ex instanceof UncheckedIOException io) {
      err.println(
          "error: " + io.getCause() + (verbosity > 0 ? "" : " (rerun with -v for details)"));
      exitCode = ErrorKind.INTERNAL.exitCode();
    } else {
      err.println(
          "error: internal error: "
              + ex
              + (verbosity > 0 ? "" : "; rerun with -v for the stack trace and report it"));
      exitCode = ErrorKind.INTERNAL.exitCode();
    }
    if (verbosity > 0) {
      ex.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  /** The message, with the bucket named when access is denied and the message does not say. */
  private static String message(AssetsException ex, AssetsCommand command) {
    String message = ex.getMessage();
    if (ex.kind() == ErrorKind.ACCESS_DENIED && command != null) {
      Optional<String> bucket = command.builtSettings().flatMap(AssetsSettings::bucket);
      if (bucket.isPresent() && !message.contains(bucket.get())) {
        message += " (bucket '" + bucket.get() + "')";
      }
      if (!message.contains("check")) { // drivers that say how to fix it are not repeated
        message +=
            "; check that the credentials in use may access it ('"
                + "assets config' shows which are set)";
      }
    }
    return message;
  }
}
