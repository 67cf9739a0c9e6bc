package dev.assetkit.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash/zsh completion script for 'assets' (picocli AutoComplete).",
      "",
      "bash:  source <(assets completion)",
      "zsh:   autoload -U +X compinit && compinit",
      "       autoload -U +X bashcompinit && bashcompinit",
      "       source <(assets completion)",
      "",
      "It completes a command named 'assets' on the PATH, such as a wrapper script:",
      "  exec java -jar /opt/assetkit/assets.jar \"$@\""
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("assets", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
