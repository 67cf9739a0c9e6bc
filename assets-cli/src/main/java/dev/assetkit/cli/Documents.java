package dev.assetkit.cli;

import dev.assetkit.AssetMeta;
import dev.assetkit.PushResult;
import dev.assetkit.internal.json.Json;
import dev.assetkit.internal.json.MetaDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes the commands print. */
final class Documents {
  private Documents() {}

  /** A meta exactly as the store holds it ({@code push_date}, {@code is_directory}, ...). */
  static Map<String, Object> meta(AssetMeta meta) {
    return Json.parseObject(MetaDocument.write(meta));
  }

  /** What {@code new} and {@code update} did or would do. */
  static Map<String, Object> push(PushResult result) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("name", result.name());
    document.put("version", result.version());
    document.put("uri", result.uri());
    document.put("dry_run", result.dryRun());
    document.put("files", (long) result.meta().files().size());
    document.put(
        "size",
        result.meta().totalSize().isPresent() ? result.meta().totalSize().getAsLong() : null);
    document.put("lost_versions", result.lostVersions());
    document.put("meta", meta(result.meta()));
    return document;
  }
}
