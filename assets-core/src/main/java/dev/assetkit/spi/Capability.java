package dev.assetkit.spi;

/**
 * A guarantee a {@link StorageDriver} declares. The engines never guess a capability from a class
 * name: what is not declared is not relied on, and the contract suite skips (never passes) the
 * tests of a capability a driver lacks.
 */
public enum Capability {
  /**
   * {@link Condition#ifAbsent()} is atomic: of many concurrent creators of one key, exactly one
   * succeeds and the others get {@link StorageException.Reason#PRECONDITION_FAILED}.
   */
  ATOMIC_CREATE_IF_ABSENT,
  /**
   * {@link Condition#ifTagMatches(String)} is atomic: of many concurrent writers holding one tag,
   * exactly one succeeds.
   */
  ATOMIC_REPLACE_IF_TAG_MATCHES,
  /**
   * {@link StorageDriver#stage(java.nio.file.Path, DownloadProgress)} and its companions work: data
   * can be written where nothing sees it, then placed under any key (atomically, with {@link
   * Condition#ifAbsent()}, if {@link #ATOMIC_CREATE_IF_ABSENT} is declared too).
   */
  STAGED_WRITES,
  /**
   * {@link StorageDriver#stageUpload} and its companions work: a file can be sent under the key it
   * is meant for without becoming visible, then made visible by {@link StorageDriver#commitStaged}
   * under that key (atomically, with {@link Condition#ifAbsent()}, if {@link
   * #ATOMIC_CREATE_IF_ABSENT} is declared too) or dropped.
   */
  STAGED_UPLOADS
}
