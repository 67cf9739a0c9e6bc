package dev.assetkit.internal.versioning;

import java.util.List;

/** Formats version lists for error messages, short enough for one line. */
final class VersionList {
  private static final int SHOWN = 10;

  private VersionList() {}

  static String describe(List<String> latestFirst) {
    if (latestFirst.isEmpty()) {
      return "none";
    }
    if (latestFirst.size() <= SHOWN) {
      return String.join(", ", latestFirst);
    }
    return String.join(", ", latestFirst.subList(0, SHOWN))
        + " and "
        + (latestFirst.size() - SHOWN)
        + " older";
  }
}
