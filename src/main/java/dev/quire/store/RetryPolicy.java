package dev.quire.store;

import java.time.Duration;

/**
 * How often Quire tries again when someone else got there first — the one place these bounds
 * are set ({@link StoreOptions#retries()}).
 *
 * @param transactionRetries how many times a transaction given as a function is re-run when
 *     the branch moved under it and touched what it read or writes (default 10)
 * @param lockAttempts how many times a commit looks again at a branch that another program
 *     (plain git) holds locked or moved, waiting a little longer each time (default 50)
 * @param syncAttempts how many times a sync fetches and merges again when the remote moved
 *     between its fetch and its push (default 5)
 * @param staleLockAfter how old the branch's lock file ({@code refs/heads/<branch>.lock}) must
 *     be, while no Quire writer of the store is committing, to be taken as left by a writer
 *     that crashed: it is then removed, with a warning, and the commit goes on (default 5
 *     seconds; git itself holds a branch lock for milliseconds). A commit that finds a younger
 *     lock waits for it to go away or to become stale, at most this long past its lock attempts.
 */
public record RetryPolicy(int transactionRetries, int lockAttempts, int syncAttempts, Duration staleLockAfter) {
  /** 10 transaction re-runs, 50 looks at a locked branch, 5 sync rounds, locks stale after 5 s. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(10, 50, 5);

  /** The given bounds, with branch locks stale after 5 seconds. */
  public RetryPolicy(int transactionRetries, int lockAttempts, int syncAttempts) {
    this(transactionRetries, lockAttempts, syncAttempts, Duration.ofSeconds(5));
  }

  public RetryPolicy {
    if (transactionRetries < 0) {
      throw new IllegalArgumentException("transactionRetries < 0: " + transactionRetries);
    }
    if (lockAttempts < 1) {
      throw new IllegalArgumentException("lockAttempts < 1: " + lockAttempts);
    }
    if (syncAttempts < 1) {
      throw new IllegalArgumentException("syncAttempts < 1: " + syncAttempts);
    }
    if (staleLockAfter == null || staleLockAfter.isNegative()) {
      throw new IllegalArgumentException("staleLockAfter must be zero or more: " + staleLockAfter);
    }
  }
}
