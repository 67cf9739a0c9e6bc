package dev.assetkit.cli;

import java.util.List;
import java.util.Locale;

/** Sizes, durations and counts as people read them. */
final class Format {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Format() {}

  /** Such as {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 GiB}. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** Such as {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  /** Such as {@code 1 file}, {@code 3 files}. */
  static String count(long n, String singular) {
    return count(n, singular, singular + "s");
  }

  /** Such as {@code 1 entry}, {@code 3 entries}. */
  static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** A version list for one line: at most {@code shown}, then "and N older". */
  static String versions(List<String> latestFirst, int shown) {
    if (latestFirst.isEmpty()) {
      return "none";
    }
    if (latestFirst.size() <= shown) {
      return String.join(", ", latestFirst);
    }
    return String.join(", ", latestFirst.subList(0, shown))
        + " and "
        + (latestFirst.size() - shown)
        + " older";
  }
}
