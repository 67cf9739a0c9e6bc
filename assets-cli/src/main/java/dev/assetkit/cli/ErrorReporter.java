package dev.assetkit.cli;

import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Picocli's handlers: a usage error as what is wrong, a suggestion and where help is (exit code 2);
 * a command's failure as {@link Failures} reports it.
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
    AssetsCommand command = commandLine.getCommand() instanceof AssetsCommand c ? c : null;
    return command == null
        ? Failures.report(ex, commandLine.getErr(), 0, Optional.empty())
        : Failures.report(ex, commandLine.getErr(), command.verbosity(), command.builtSettings());
  }
}
