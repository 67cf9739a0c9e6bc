package dev.assetkit.cli;

import dev.assetkit.cli.LocalCache.Leftover;
import dev.assetkit.cli.LocalCache.LocalAsset;
import dev.assetkit.cli.LocalCache.LocalVersion;
import java.io.PrintWriter;
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
    description = {
      "List the assets in the local assets directory: versions, sizes, and whether each is"
          + " complete (has its .SUCCESS marker); also leftovers under .cache/.",
      "Reads the disk only; no store needed."
    })
final class CacheListCommand extends AssetsCommand {
  @Option(
      names = "--json",
      description =
          "Print {\"assets_dir\", \"assets\": [{\"name\", \"versions\": [{\"version\", \"path\","
              + " \"complete\", \"directory\", \"files\", \"size\"}]}], \"leftovers\": [...]}.")
  boolean json;

  @Override
  public Integer call() {
    LocalCache cache = new LocalCache(settings().assetsDir());
    List<LocalAsset> assets = cache.assets();
    List<Leftover> leftovers = cache.leftovers();
    if (json) {
      List<Object> assetDocs = new ArrayList<>();
      for (LocalAsset asset : assets) {
        List<Object> versionDocs = new ArrayList<>();
        for (LocalVersion version : asset.versions()) {
          long[] usage = LocalCache.usage(version.path());
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("version", version.version());
          doc.put("path", version.path().toString());
          doc.put("complete", version.complete());
          doc.put("directory", version.directory());
          doc.put("files", usage[1]);
          doc.put("size", usage[0]);
          versionDocs.add(doc);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", asset.name());
        doc.put("versions", versionDocs);
        assetDocs.add(doc);
      }
      List<Object> leftoverDocs = new ArrayList<>();
      for (Leftover leftover : leftovers) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", leftover.kind());
        doc.put("path", leftover.path().toString());
        doc.put("size", LocalCache.usage(leftover.path())[0]);
        leftoverDocs.add(doc);
      }
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("assets_dir", settings().assetsDir().toString());
      document.put("assets", assetDocs);
      document.put("leftovers", leftoverDocs);
      printJson(document);
      return 0;
    }
    PrintWriter out = out();
    long versions = 0;
    long incomplete = 0;
    long bytes = 0;
    for (LocalAsset asset : assets) {
      out.println(asset.name());
      int width = asset.versions().stream().mapToInt(v -> v.version().length()).max().orElse(0);
      for (LocalVersion version : asset.versions()) {
        long[] usage = LocalCache.usage(version.path());
        out.println(
            "  "
                + ListCommand.pad(version.version(), width)
                + "  "
                + ListCommand.pad(version.complete() ? "complete" : "INCOMPLETE", 10)
                + "  "
                + ListCommand.pad(Format.count(usage[1], "file"), 9)
                + "  "
                + Format.bytes(usage[0]));
        versions++;
        incomplete += version.complete() ? 0 : 1;
        bytes += usage[0];
      }
    }
    long leftoverBytes = 0;
    for (Leftover leftover : leftovers) {
      leftoverBytes += LocalCache.usage(leftover.path())[0];
    }
    if (!leftovers.isEmpty()) {
      out.println(
          "leftovers under .cache: "
              + Format.count(leftovers.size(), "entry", "entries")
              + ", "
              + Format.bytes(leftoverBytes)
              + " ('assets cache prune' removes them)");
    }
    out.println(
        Format.count(assets.size(), "asset")
            + ", "
            + Format.count(versions, "version")
            + (incomplete > 0 ? " (" + incomplete + " incomplete)" : "")
            + ", "
            + Format.bytes(bytes)
            + " in "
            + settings().assetsDir());
    out.flush();
    return 0;
  }
}
