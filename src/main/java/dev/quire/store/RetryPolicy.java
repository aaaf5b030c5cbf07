package dev.quire.store;

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
 */
public record RetryPolicy(int transactionRetries, int lockAttempts, int syncAttempts) {
  /** 10 transaction re-runs, 50 looks at a locked branch, 5 sync rounds. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(10, 50, 5);

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
  }
}
