package dev.assetkit.cli;

import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.RepairReport;
import dev.assetkit.TransferListener;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Rebuild the versions index of one asset from the metas in the store.",
      "Versions whose data is complete are added; versions left incomplete by a publisher that"
          + " died are reported and left out."
    })
final class RepairCommand extends AssetsCommand {
  @Parameters(paramLabel = "NAME", description = "The asset name, such as models/encoder.")
  String name;

  @Option(names = "--dry-run", description = "Report what would change; write nothing.")
  boolean dryRun;

  @Option(
      names = "--json",
      description =
          "Print {\"name\", \"added\", \"incomplete\", \"versions\", \"dry_run\"} as JSON.")
  boolean json;

  @Override
  public Integer call() {
    RepairReport report;
    try (RemoteAssetsStore store = openStore(TransferListener.NONE)) {
      report = store.repair(name, dryRun);
    }
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", report.name());
      document.put("added", report.added());
      document.put("incomplete", report.incomplete());
      document.put("versions", report.versions());
      document.put("dry_run", report.dryRun());
      printJson(document);
      return 0;
    }
    String added = report.added().isEmpty() ? "none" : String.join(", ", report.added());
    out().println((report.dryRun() ? "would add to the index: " : "added to the index: ") + added);
    if (!report.incomplete().isEmpty()) {
      out()
          .println(
              "left out (data missing or truncated): " + String.join(", ", report.incomplete()));
    }
    out()
        .println(
            "versions: "
                + (report.versions().isEmpty()
                    ? "none complete (the asset has no index)"
                    : String.join(", ", report.versions())));
    if (report.dryRun()) {
      out().println("dry run: nothing was written");
    }
    out().flush();
    return 0;
  }
}
