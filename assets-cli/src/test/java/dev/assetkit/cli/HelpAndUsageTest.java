package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.Version;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpAndUsageTest extends CliTest {
  static final List<String> COMMANDS =
      List.of(
          "new",
          "update",
          "list",
          "fetch",
          "versions",
          "info",
          "repair",
          "cache",
          "config",
          "completion");

  @Test
  void help_listsEveryCommandAndTheExitCodes() {
    Run run = run("--help");
    assertEquals(0, run.exitCode(), run::toString);
    for (String command : COMMANDS) {
      assertTrue(run.out().contains("\n  " + command + " "), command + " missing:\n" + run.out());
    }
    assertTrue(run.out().contains("Exit codes:"), run.out());
    for (String code : List.of("0", "1", "2", "3", "4", "5", "6", "7")) {
      assertTrue(run.out().contains("\n  " + code + "   "), "exit code " + code + "\n" + run.out());
    }
    assertTrue(run.out().contains("access denied"));
    assertEquals("", run.err());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "new",
        "update",
        "list",
        "fetch",
        "versions",
        "info",
        "repair",
        "cache",
        "cache list",
        "cache verify",
        "cache prune",
        "config",
        "completion"
      })
  void everyCommandsHelp_listsTheExitCodes(String command) {
    String[] args = (command + " --help").split(" ");
    Run run = run(args);
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("Usage: assets " + command), run.out());
    assertTrue(run.out().contains("Exit codes:"), run.out());
    assertTrue(run.out().contains("integrity"), run.out());
  }

  @Test
  void storeOptions_areAcceptedAfterEveryLeafCommand() {
    for (String command : List.of("new", "update", "list", "fetch", "versions", "info", "repair")) {
      Run run = run(command, "--help");
      for (String option :
          List.of("--provider", "--bucket", "--prefix", "--assets-dir", "-v", "-q")) {
        assertTrue(run.out().contains(option), command + " lacks " + option);
      }
    }
  }

  @Test
  void version_printsTheAssetkitVersion() {
    Run run = run("--version");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().startsWith("assets (assetkit) " + Version.current() + "\n"), run.out());
    assertTrue(run.out().contains("Java 17") || run.out().contains("Java "), run.out());
  }

  @Test
  void unknownOption_isAUsageErrorWithExitCode2() {
    Run run = run("list", "--frobnicate");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("error: Unknown option: '--frobnicate'"), run.err());
    assertTrue(run.err().contains("Try 'assets list --help'"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void missingArgument_isAUsageErrorWithExitCode2() {
    Run run = run("fetch");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("Missing required parameter: 'SPEC'"), run.err());
  }

  @Test
  void misspelledCommand_suggestsTheRightOne() {
    Run run = run("fetc", "x");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("Unmatched arguments"), run.err());
    assertTrue(run.err().contains("fetch"), run.err());
  }

  @Test
  void noCommand_isAUsageError() {
    Run run = run();
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("error: Missing command"), run.err());
  }

  @Test
  void cacheWithoutSubcommand_isAUsageError() {
    Run run = run("cache");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("assets cache list"), run.err());
  }

  @Test
  void lazyCommandLine_buildsOnlyTheCommandThatRuns_andStillWorks() {
    var single = CommandLines.commandLine(context(), new String[] {"fetch", "x"});
    assertEquals(List.of("fetch"), List.copyOf(single.getSubcommands().keySet()));
    var all = CommandLines.commandLine(context(), new String[] {"--help"});
    assertEquals(COMMANDS, List.copyOf(all.getSubcommands().keySet()));
    var completion = CommandLines.commandLine(context(), new String[] {"completion"});
    assertEquals(COMMANDS, List.copyOf(completion.getSubcommands().keySet()));
  }

  @Test
  void completion_printsABashScriptForEveryCommand() {
    Run run = run("completion");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("complete -F _complete_assets"), run.out().substring(0, 300));
    for (String command : COMMANDS) {
      assertTrue(run.out().contains(command), command);
    }
    assertTrue(run.out().contains("--keep-latest"));
    assertTrue(run.out().contains("(\"local\" \"s3\" \"gcs\" \"az\")"), "provider candidates");
  }
}
