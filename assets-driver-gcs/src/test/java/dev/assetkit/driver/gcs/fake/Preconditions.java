package dev.assetkit.driver.gcs.fake;

import java.util.Map;

/**
 * The generation and metageneration preconditions of one request, as GCS reads them from the query
 * string ({@code ifGenerationMatch=0} means "only if absent").
 */
record Preconditions(
    Long ifGenerationMatch,
    Long ifGenerationNotMatch,
    Long ifMetagenerationMatch,
    Long ifMetagenerationNotMatch) {

  static final Preconditions NONE = new Preconditions(null, null, null, null);

  static Preconditions from(Map<String, String> query) {
    return new Preconditions(
        number(query, "ifGenerationMatch"),
        number(query, "ifGenerationNotMatch"),
        number(query, "ifMetagenerationMatch"),
        number(query, "ifMetagenerationNotMatch"));
  }

  boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * Checks a write (or delete) against the object it would replace ({@code null} when absent).
   *
   * @throws GcsError 412 conditionNotMet when a precondition does not hold
   */
  void checkWrite(StoredObject current) {
    if (!holds(current)) {
      throw GcsError.preconditionFailed();
    }
  }

  /** Checks a read: GCS answers 412 to a failed match and 304 to a failed not-match. */
  void checkRead(StoredObject current) {
    if (ifGenerationMatch != null && (current == null || current.generation() != ifGenerationMatch)
        || ifMetagenerationMatch != null
            && (current == null || current.metageneration() != ifMetagenerationMatch)) {
      throw GcsError.preconditionFailed();
    }
    if (current != null
        && (ifGenerationNotMatch != null && current.generation() == ifGenerationNotMatch
            || ifMetagenerationNotMatch != null
                && current.metageneration() == ifMetagenerationNotMatch)) {
      throw GcsError.notModified();
    }
  }

  private boolean holds(StoredObject current) {
    if (ifGenerationMatch != null) {
      boolean ok =
          ifGenerationMatch == 0
              ? current == null
              : current != null && current.generation() == ifGenerationMatch;
      if (!ok) {
        return false;
      }
    }
    if (ifGenerationNotMatch != null) {
      boolean ok =
          ifGenerationNotMatch == 0
              ? current != null
              : current == null || current.generation() != ifGenerationNotMatch;
      if (!ok) {
        return false;
      }
    }
    if (ifMetagenerationMatch != null
        && (current == null || current.metageneration() != ifMetagenerationMatch)) {
      return false;
    }
    return ifMetagenerationNotMatch == null
        || current == null
        || current.metageneration() != ifMetagenerationNotMatch;
  }

  private static Long number(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw GcsError.badRequest("Invalid value for " + name + ": " + value);
    }
  }
}
