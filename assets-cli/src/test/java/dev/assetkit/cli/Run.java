package dev.assetkit.cli;

import dev.assetkit.internal.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One black-box run of the CLI: exit code, stdout and stderr. */
record Run(int exitCode, String out, String err) {

  /** Builds the command line as {@link Main} does, runs {@code args}, and captures everything. */
  static Run of(CliContext context, String... args) {
    CommandLine commandLine = CommandLines.commandLine(context);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** Stdout parsed as JSON. */
  Object json() {
    return Json.parse(out);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
