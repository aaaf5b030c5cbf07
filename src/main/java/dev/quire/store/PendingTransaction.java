package dev.quire.store;

/**
 * A transaction opened with {@link Store#begin()} and committed by hand. Unlike a transaction
 * given as a function, it cannot be re-run: if the branch moved and changed what it read or
 * writes, {@link #commit()} throws {@link dev.quire.ConflictException} and writes nothing.
 */
public interface PendingTransaction extends Transaction {
  /** Commits; returns the new commit id, or null when nothing changed. */
  String commit();
}
