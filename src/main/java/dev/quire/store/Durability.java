package dev.quire.store;

/** How far an acknowledged commit is guaranteed to survive. */
public enum Durability {
  /**
   * The default: objects and the branch are written to the file system before a write
   * returns, so they survive a crash of the process (the operating system still holds them).
   */
  PROCESS_CRASH,
  /** Objects and refs are also fsync'ed, so a commit survives a power loss. Slower. */
  POWER_LOSS
}
