package dev.assetkit.cli;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetNotFoundException;
import dev.assetkit.AssetSpec;
import dev.assetkit.RemoteAssetsStore;
import dev.assetkit.TransferListener;
import dev.assetkit.spi.VersioningSystem;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show the meta of one version: push date, files, sizes, checksums, who pushed it.",
      "SPEC without a version means the latest; name:1 the latest 1.x."
    })
final class InfoCommand extends AssetsCommand {
  @Parameters(paramLabel = "SPEC", description = "The asset, such as models/encoder:1.2.")
  String spec;

  @Option(
      names = "--json",
      description =
          "Print {\"name\", \"version\", \"uri\", \"meta\": <the .meta document>} as JSON.")
  boolean json;

  @Override
  public Integer call() {
    VersioningSystem versioning = settings().versioning();
    AssetSpec parsed = AssetSpec.parse(spec, versioning);
    String version;
    AssetMeta meta;
    String uri;
    try (RemoteAssetsStore store = openStore(TransferListener.NONE)) {
      if (parsed.version().isPresent() && versioning.isComplete(parsed.version().get())) {
        version = parsed.version().get();
      } else {
        version =
            versioning.resolve(parsed.name(), parsed.version(), store.versions(parsed.name()));
      }
      try {
        meta = store.meta(parsed.name() + ":" + version);
      } catch (AssetNotFoundException e) {
        throw Stores.versionNotFound(store, parsed.name(), version); // or: unknown asset
      }
      uri = Stores.uri(store) + "/" + parsed.name() + "/" + version;
    }
    if (json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("name", parsed.name());
      document.put("version", version);
      document.put("uri", uri);
      document.put("meta", Documents.meta(meta));
      printJson(document);
      return 0;
    }
    PrintWriter out = out();
    out.println("asset:       " + parsed.name() + ":" + version);
    out.println("uri:         " + uri);
    out.println("pushed:      " + (meta.pushDate().isEmpty() ? "unknown" : meta.pushDate()));
    meta.user().ifPresent(user -> out.println("pushed by:   " + user));
    meta.tool().ifPresent(tool -> out.println("tool:        " + tool));
    meta.versioningSystem().ifPresent(v -> out.println("versioning:  " + v));
    out.println(
        "kind:        "
            + (meta.directory()
                ? "directory of " + Format.count(meta.files().size(), "file")
                : "single file"));
    out.println(
        "size:        "
            + (meta.totalSize().isPresent()
                ? Format.bytes(meta.totalSize().getAsLong())
                    + " ("
                    + meta.totalSize().getAsLong()
                    + " bytes)"
                : "not recorded (pushed by modelkit)"));
    out.println(
        "checksums:   "
            + (meta.verifiable() ? "sha256 of every file" : "not recorded (pushed by modelkit)"));
    if (meta.directory() && !meta.files().isEmpty()) {
      out.println("files:");
      for (AssetMeta.FileEntry file : meta.files()) {
        StringBuilder line = new StringBuilder("  ").append(file.path());
        file.size().ifPresent(size -> line.append("  ").append(Format.bytes(size)));
        file.sha256().ifPresent(sha -> line.append("  sha256:").append(sha));
        out.println(line);
      }
    } else if (!meta.directory() && !meta.files().isEmpty()) {
      meta.files().get(0).sha256().ifPresent(sha -> out.println("sha256:      " + sha));
    }
    out.flush();
    return 0;
  }
}
