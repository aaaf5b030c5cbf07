package dev.quire.internal.engine;

import dev.quire.codec.CodecLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the engine needs of a store's options; {@code dev.quire.store.StoreOptions} builds it.
 *
 * @param fsync whether objects and the branch are fsync'ed (survive a power loss)
 * @param authorName commit identity, or null to take it from the repository configuration
 * @param transactionRetries how many times a transaction function is re-run on a moved branch
 * @param lockAttempts how many times a commit looks again at a branch another program holds
 * @param staleLockAfter the age at which a branch lock file is taken as left by a crashed writer
 */
public record EngineConfig(String branch, boolean fsync, String authorName, String authorEmail, Clock clock,
    int transactionRetries, int lockAttempts, Duration staleLockAfter, Duration indexSyncInterval,
    CodecLimits codecLimits, long maxProjectFileBytes) {

  public EngineConfig {
    Objects.requireNonNull(branch, "branch == null");
    Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(indexSyncInterval, "indexSyncInterval == null");
    Objects.requireNonNull(codecLimits, "codecLimits == null");
  }
}
