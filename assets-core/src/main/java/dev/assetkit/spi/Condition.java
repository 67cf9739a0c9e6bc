package dev.assetkit.spi;

import java.util.Objects;

/** When a write may happen: always, only if the key is absent, or only if its tag still matches. */
public sealed interface Condition
    permits Condition.None, Condition.IfAbsent, Condition.IfTagMatches {

  /** Write unconditionally. */
  static Condition none() {
    return None.INSTANCE;
  }

  /** Write only if no object has this key (create, never overwrite). */
  static Condition ifAbsent() {
    return IfAbsent.INSTANCE;
  }

  /** Write only if the object exists and its tag is still {@code tag} (compare-and-swap). */
  static Condition ifTagMatches(String tag) {
    return new IfTagMatches(tag);
  }

  /** Write unconditionally. */
  enum None implements Condition {
    /** The only instance. */
    INSTANCE
  }

  /** Write only if absent. */
  enum IfAbsent implements Condition {
    /** The only instance. */
    INSTANCE
  }

  /**
   * Write only if the current tag is {@code tag}.
   *
   * @param tag an opaque tag from {@link ObjectInfo#tag()}
   */
  record IfTagMatches(String tag) implements Condition {
    /** Checks the tag is given. */
    public IfTagMatches {
      Objects.requireNonNull(tag, "tag");
    }
  }
}
