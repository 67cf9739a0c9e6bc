package dev.assetkit.internal.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .versions} index: {@code {"versions": ["latest", ..., "oldest"]}}, modelkit's shape.
 */
public final class VersionsDocument {
  private VersionsDocument() {}

  /** Writes the index; {@code versions} must already be latest first. */
  public static String write(List<String> versions) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("versions", List.copyOf(versions));
    return Json.write(document);
  }

  /**
   * Reads the versions of an index, in document order; unknown keys are ignored.
   *
   * @throws JsonFormatException when the document is malformed
   */
  public static List<String> read(String json) {
    Map<String, Object> document = Json.parseObject(json);
    Object versions = document.get("versions");
    if (versions == null) {
      throw new JsonFormatException("no 'versions' key in the index");
    }
    if (!(versions instanceof List<?> list)) {
      throw new JsonFormatException("'versions' is " + Json.typeName(versions) + ", not an array");
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String version)) {
        throw new JsonFormatException(
            "'versions' holds " + Json.typeName(item) + ", not a version");
      }
      out.add(version);
    }
    return out;
  }
}
