package dev.assetkit.cli;

import dev.assetkit.AssetSpec;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import dev.assetkit.internal.cache.LocalCacheLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "List the versions of one asset in the store, latest first; marks those cached.")
final class VersionsCommand extends AssetsCommand {
  @Parameters(paramLabel = "NAME", description = "The asset name, such as models/encoder.")
  String name;

  @Option(
      names = "--json",
      description = "Print {\"name\", \"versions\": [latest, ...], \"cached\": [...]} as JSON.")
  boolean json;

  @Override
  public Integer call() {
    AssetSpec spec = AssetSpec.parse(name, settings().versioning());
    List<String> versions;
    try (RemoteAssetsStore store = openStore(TransferListener.NONE)) {
      versions = store.versions(spec.name());
    }
    LocalCacheLayout layout = new LocalCacheLayout(settings().assetsDir());
    List<String> cached = versions.stream().filter(v -> layout.isComplete(spec.name(), v)).toList();
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", spec.name());
      document.put("versions", versions);
      document.put("cached", cached);
      printJson(document);
      return 0;
    }
    for (String version : versions) {
      out().println(cached.contains(version) ? version + "  (cached)" : version);
    }
    out().flush();
    return 0;
  }
}
