package dev.assetkit.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds the {@code assets} command line: the root, its sub-commands (all, or only the one that
 * runs), the exit code list in every help, the error reporter, and the log levels.
 */
final class CommandLines {
  /** The exit codes, as listed in every command's help. */
  static final Map<String, String> EXIT_CODES = exitCodes();

  private CommandLines() {}

  /** Runs {@code args} on the command line built for them; returns the exit code. */
  static int execute(CliContext context, String[] args) {
    CommandLine commandLine = commandLine(context, args);
    int exitCode = commandLine.execute(args);
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    return exitCode;
  }

  /** The whole command line, every sub-command included, running in {@code context}. */
  static CommandLine commandLine(CliContext context) {
    return build(context, null);
  }

  /**
   * The command line for {@code args}: when the first argument names a sub-command, only that one
   * is built, since picocli's reflective model building dominates start-up. {@code completion} and
   * everything else get the whole tree.
   */
  static CommandLine commandLine(CliContext context, String[] args) {
    String first = args.length > 0 ? args[0] : "";
    boolean single = SUBCOMMANDS.containsKey(first) && !first.equals("completion");
    return build(context, single ? first : null);
  }

  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("new", NewCommand::new);
    commands.put("update", UpdateCommand::new);
    commands.put("list", ListCommand::new);
    commands.put("fetch", FetchCommand::new);
    commands.put("versions", VersionsCommand::new);
    commands.put("info", InfoCommand::new);
    commands.put("repair", RepairCommand::new);
    commands.put("cache", CacheCommand::new);
    commands.put("config", ConfigCommand::new);
    commands.put("completion", CompletionCommand::new);
    return commands;
  }

  private static CommandLine build(CliContext context, String only) {
    CommandLine root = new CommandLine(new AssetsCli(context));
    SUBCOMMANDS.forEach(
        (name, command) -> {
          if (only == null || only.equals(name)) {
            root.addSubcommand(name, command.get());
          }
        });
    configure(root);
    root.setExecutionStrategy(
        parseResult -> {
          List<CommandLine> parsed = parseResult.asCommandLineList();
          CommandLine leaf = parsed.get(parsed.size() - 1);
          int verbosity =
              leaf.getCommand() instanceof AssetsCommand command ? command.verbosity() : 0;
          Logging.configure(verbosity);
          return new CommandLine.RunLast().execute(parseResult);
        });
    ErrorReporter errors = new ErrorReporter();
    root.setParameterExceptionHandler(errors);
    root.setExecutionExceptionHandler(errors);
    return root;
  }

  private static void configure(CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    spec.usageMessage().exitCodeListHeading("%nExit codes:%n");
    spec.usageMessage().exitCodeList(EXIT_CODES);
    spec.usageMessage().autoWidth(true);
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      configure(sub);
    }
  }

  private static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "success");
    codes.put(
        "1", "internal error (rerun with -v for the stack trace), or answered no at a prompt");
    codes.put("2", "invalid usage, input or configuration");
    codes.put("3", "not found: asset, version, sub-part, source or bucket");
    codes.put("4", "already exists, or a concurrent publisher got there first");
    codes.put("5", "integrity: a size or sha256 does not match the meta");
    codes.put("6", "storage unavailable, throttling, or timed out");
    codes.put("7", "access denied");
    return Collections.unmodifiableMap(codes);
  }
}
