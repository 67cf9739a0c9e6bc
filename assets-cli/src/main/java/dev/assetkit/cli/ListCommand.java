package dev.assetkit.cli;

import dev.assetkit.AssetVersions;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "List every asset in the store with its versions, latest first.")
final class ListCommand extends AssetsCommand {
  @Option(
      names = "--json",
      description = "Print [{\"name\": ..., \"versions\": [latest, ...]}, ...] as JSON.")
  boolean json;

  @Override
  public Integer call() {
    List<AssetVersions> assets;
    String uri;
    try (RemoteAssetsStore store = openStore(TransferListener.NONE)) {
      assets = store.listAssets();
      uri = Stores.uri(store);
    }
    if (json) {
      List<Object> document = new ArrayList<>();
      for (AssetVersions asset : assets) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", asset.name());
        entry.put("versions", asset.versions());
        document.add(entry);
      }
      printJson(document);
      return 0;
    }
    String versioning = settings().versioning().name();
    int width = assets.stream().mapToInt(a -> a.name().length()).max().orElse(0);
    long versions = 0;
    for (AssetVersions asset : assets) {
      out()
          .println(
              pad(asset.name(), width)
                  + "  "
                  + (asset.versions().isEmpty()
                      ? "(no " + versioning + " version; is ASSETS_VERSIONING_SYSTEM right?)"
                      : String.join(", ", asset.versions())));
      versions += asset.versions().size();
    }
    out()
        .println(
            Format.count(assets.size(), "asset")
                + ", "
                + Format.count(versions, "version")
                + " in "
                + uri);
    out().flush();
    return 0;
  }

  static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
