package dev.assetkit.spi;

import java.util.Optional;

/** Checks object keys once for every driver, so that no key can escape its bucket or folder. */
public final class ObjectKeys {
  private ObjectKeys() {}

  /**
   * Returns {@code key} if it is a relative {@code /}-separated path with no empty, {@code .} or
   * {@code ..} segment, no backslash and no control character.
   *
   * @throws StorageException with {@link StorageException.Reason#INVALID_KEY} otherwise
   */
  public static String requireValid(String key) {
    String problem = problem(key);
    if (problem != null) {
      throw new StorageException(
          StorageException.Reason.INVALID_KEY,
          "invalid object key '" + printable(key) + "': " + problem);
    }
    return key;
  }

  /** Returns {@code prefix} if it is empty or a valid key, optionally ending with {@code /}. */
  public static String requireValidPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return prefix;
    }
    requireValid(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    return prefix;
  }

  /**
   * Why {@code key} is not a valid key (see {@link #requireValid}), or empty when it is: for
   * callers that check other relative paths by the same rules and report them in their own words.
   */
  public static Optional<String> problemWith(String key) {
    return Optional.ofNullable(problem(key));
  }

  /**
   * One pass over the characters, segments included: no split. Every object of a transfer is
   * checked here, thousands of times while the JVM still interprets this code.
   */
  private static String problem(String key) {
    if (key == null || key.isEmpty()) {
      return "empty key";
    }
    if (key.charAt(0) == '/') {
      return "absolute key; keys are relative to the bucket";
    }
    int segmentStart = 0;
    for (int i = 0; i <= key.length(); i++) {
      char c = i < key.length() ? key.charAt(i) : '/';
      if (c < 0x20 || c == 0x7f) {
        return "control character at index " + i;
      }
      if (c == '\\') {
        return "backslash at index " + i + "; use '/' between segments";
      }
      if (c == '/') {
        int length = i - segmentStart;
        if (length == 0) {
          return "empty path segment";
        }
        if (length <= 2
            && key.charAt(segmentStart) == '.'
            && (length == 1 || key.charAt(segmentStart + 1) == '.')) {
          return "'" + key.substring(segmentStart, i) + "' segment would leave the bucket";
        }
        segmentStart = i + 1;
      }
    }
    return null;
  }

  private static String printable(String key) {
    if (key == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    key.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
