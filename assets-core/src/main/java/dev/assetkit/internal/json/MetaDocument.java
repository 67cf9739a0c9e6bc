package dev.assetkit.internal.json;

import dev.assetkit.AssetMeta;
import dev.assetkit.AssetMeta.FileEntry;
import dev.assetkit.spi.ObjectKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code .meta} document: modelkit's keys first and in modelkit's order, then assetkit's own
 * under one {@code "assetkit"} key that modelkit ignores.
 */
public final class MetaDocument {
  /**
   * Files in path order, as a meta lists them. A lambda of this class rather than {@code
   * Comparator.comparing}, whose own lambda the JVM generates at run time in every command that
   * reads or writes a meta: the class-data archive holds this one.
   */
  public static final Comparator<FileEntry> BY_PATH = (a, b) -> a.path().compareTo(b.path());

  private MetaDocument() {}

  /** Writes {@code meta} as JSON. */
  public static String write(AssetMeta meta) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("push_date", meta.pushDate());
    document.put("is_directory", meta.directory());
    List<FileEntry> files = new ArrayList<>(meta.files());
    files.sort(BY_PATH);
    if (meta.directory()) {
      document.put("contents", files.stream().map(FileEntry::path).toList());
    }
    Map<String, Object> ours = new LinkedHashMap<>();
    ours.put("format", 1L);
    if (meta.directory()) {
      List<Object> entries = new ArrayList<>();
      for (FileEntry file : files) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", file.path());
        file.size().ifPresent(size -> entry.put("size", size));
        file.sha256().ifPresent(sha -> entry.put("sha256", sha));
        entries.add(entry);
      }
      ours.put("files", entries);
    } else if (!files.isEmpty()) {
      files.get(0).size().ifPresent(size -> ours.put("size", size));
      files.get(0).sha256().ifPresent(sha -> ours.put("sha256", sha));
    }
    meta.totalSize().ifPresent(total -> ours.put("total_size", total));
    meta.versioningSystem().ifPresent(v -> ours.put("versioning_system", v));
    meta.tool().ifPresent(v -> ours.put("tool", v));
    meta.user().ifPresent(v -> ours.put("user", v));
    meta.publishId().ifPresent(v -> ours.put("publish_id", v));
    document.put("assetkit", ours);
    return Json.write(document);
  }

  /**
   * Reads a meta written by modelkit or assetkit. Unknown keys are ignored, legacy contents with a
   * leading {@code /} are accepted, and entries that would leave the version folder are refused.
   *
   * @throws JsonFormatException when the document is malformed or unsafe
   */
  public static AssetMeta read(String json) {
    Map<String, Object> document = Json.parseObject(json);
    String pushDate = optionalString(document, "push_date").orElse("");
    boolean directory =
        document.get("is_directory") instanceof Boolean b
            ? b
            : document.containsKey("contents") && !(document.get("contents") == Json.NULL);
    Map<String, Object> ours = objectOrEmpty(document.get("assetkit"));
    List<FileEntry> files;
    if (directory) {
      files = directoryFiles(document.get("contents"), ours.get("files"));
    } else {
      files = List.of(new FileEntry("", size(ours), sha256(ours)));
    }
    return new AssetMeta(
        pushDate,
        directory,
        files,
        optionalString(ours, "versioning_system"),
        optionalString(ours, "tool"),
        optionalString(ours, "user"),
        optionalString(ours, "publish_id"));
  }

  /**
   * The files of a directory meta: every path of modelkit's {@code contents}, with its size and
   * checksum where assetkit's {@code files} lists them (all of them, when {@code contents} is
   * missing), in path order. One map from path to position and one array, no entry built twice: a
   * meta of 10,000 files is read before a pull's first transfer, while the JVM still interprets
   * this code.
   */
  private static List<FileEntry> directoryFiles(Object contents, Object described) {
    List<?> listed = listOrEmpty(contents, "contents");
    List<?> entries = listOrEmpty(described, "assetkit.files");
    Map<String, Integer> positions = new HashMap<>(Math.max(16, listed.size() * 2));
    List<FileEntry> files = new ArrayList<>(Math.max(listed.size(), entries.size()));
    for (Object item : listed) {
      if (!(item instanceof String path)) {
        throw new JsonFormatException("'contents' holds " + Json.typeName(item) + ", not a path");
      }
      String relative = checkedPath(path);
      if (positions.putIfAbsent(relative, files.size()) == null) {
        files.add(new FileEntry(relative, OptionalLong.empty(), Optional.empty()));
      }
    }
    boolean onlyDescribed = positions.isEmpty();
    for (Object item : entries) {
      Map<String, Object> entry = objectOrEmpty(item);
      String path = entry.get("path") instanceof String s ? s : "";
      // A path found in 'contents' was checked there: 10,000 checks fewer for 10,000 files.
      Integer position = positions.get(path);
      if (position == null) {
        path = checkedPath(path);
        position = positions.get(path);
      }
      if (position != null) {
        files.set(position, new FileEntry(path, size(entry), sha256(entry)));
      } else if (onlyDescribed) {
        positions.put(path, files.size());
        files.add(new FileEntry(path, size(entry), sha256(entry)));
      }
    }
    if (!inPathOrder(files)) {
      files.sort(BY_PATH);
    }
    return files;
  }

  private static boolean inPathOrder(List<FileEntry> files) {
    for (int i = 1; i < files.size(); i++) {
      if (files.get(i - 1).path().compareTo(files.get(i).path()) > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * A relative path inside a version: legacy leading {@code /} dropped, then held to the rules of
   * object keys (no empty, {@code .} or {@code ..} segment, no backslash, no control character).
   */
  static String checkedPath(String path) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    Optional<String> problem = ObjectKeys.problemWith(relative);
    if (problem.isPresent()) {
      throw new JsonFormatException(
          "path '"
              + relative.replaceAll("\\p{Cntrl}", "?")
              + "' in 'contents' could leave the version folder ("
              + problem.get()
              + "): refusing it");
    }
    return relative;
  }

  private static OptionalLong size(Map<String, Object> entry) {
    Object size = entry.get("size");
    if (size instanceof Long n && n >= 0) {
      return OptionalLong.of(n);
    }
    if (size == null || size == Json.NULL) {
      return OptionalLong.empty();
    }
    throw new JsonFormatException("'size' is " + Json.typeName(size) + ", not a byte count");
  }

  private static Optional<String> sha256(Map<String, Object> entry) {
    Object sha = entry.get("sha256");
    if (sha == null || sha == Json.NULL) {
      return Optional.empty();
    }
    if (sha instanceof String s && isSha256(s)) {
      return Optional.of(s);
    }
    throw new JsonFormatException("'sha256' is not 64 lowercase hex digits");
  }

  /** 64 lowercase hex digits (a loop rather than a regex: see {@link #checkedPath}). */
  private static boolean isSha256(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  private static Optional<String> optionalString(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value instanceof String s ? Optional.of(s) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectOrEmpty(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  private static List<?> listOrEmpty(Object value, String name) {
    if (value == null || value == Json.NULL) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list;
    }
    throw new JsonFormatException("'" + name + "' is " + Json.typeName(value) + ", not an array");
  }
}
