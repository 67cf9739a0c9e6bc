package dev.assetkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = "Inspect, verify and prune the local assets directory (ASSETS_DIR).",
    subcommands = {CacheListCommand.class, CacheVerifyCommand.class, CachePruneCommand.class})
final class CacheCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: use 'assets cache list', 'verify' or 'prune'");
  }
}
