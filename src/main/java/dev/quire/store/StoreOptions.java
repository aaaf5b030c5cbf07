package dev.quire.store;

import dev.quire.codec.CodecLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Store} behaves: branch, durability, commit identity, clock, retry bounds, how
 * often Git's index is caught up, parsing and file limits, schema version. Immutable; build one
 * with {@link #builder()} (or change one setting of an existing value with a {@code with…}
 * method), or start from {@link #defaults()}.
 */
public final class StoreOptions {
  private final String branch;
  private final Durability durability;
  private final String authorName;
  private final String authorEmail;
  private final Clock clock;
  private final RetryPolicy retries;
  private final Duration indexSyncInterval;
  private final CodecLimits codecLimits;
  private final long maxProjectFileBytes;
  private final int schemaVersion;
  private final boolean autoMigrate;

  private StoreOptions(Builder b) {
    this.branch = Objects.requireNonNull(b.branch, "branch == null");
    this.durability = Objects.requireNonNull(b.durability, "durability == null");
    this.authorName = b.authorName;
    this.authorEmail = b.authorEmail;
    this.clock = Objects.requireNonNull(b.clock, "clock == null");
    this.retries = Objects.requireNonNull(b.retries, "retries == null");
    this.indexSyncInterval = Objects.requireNonNull(b.indexSyncInterval, "indexSyncInterval == null");
    this.codecLimits = Objects.requireNonNull(b.codecLimits, "codecLimits == null");
    if (b.maxProjectFileBytes <= 0) {
      throw new IllegalArgumentException("maxProjectFileBytes <= 0: " + b.maxProjectFileBytes);
    }
    this.maxProjectFileBytes = b.maxProjectFileBytes;
    if (b.schemaVersion < 1 || b.schemaVersion > Store.SCHEMA_VERSION) {
      throw new IllegalArgumentException("schema version v" + b.schemaVersion + " is not one this Quire writes (v1 to v"
          + Store.SCHEMA_VERSION + ")");
    }
    this.schemaVersion = b.schemaVersion;
    this.autoMigrate = b.autoMigrate;
  }

  /**
   * Branch {@code main}, {@link Durability#PROCESS_CRASH}, identity from the repository's
   * {@code user.name}/{@code user.email} (else "Quire"), the system clock,
   * {@link RetryPolicy#DEFAULT}, index caught up at most every ten minutes while writing,
   * default codec limits, project files up to 50 MiB, the newest schema version.
   */
  public static StoreOptions defaults() {
    return builder().build();
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.branch = branch;
    b.durability = durability;
    b.authorName = authorName;
    b.authorEmail = authorEmail;
    b.clock = clock;
    b.retries = retries;
    b.indexSyncInterval = indexSyncInterval;
    b.codecLimits = codecLimits;
    b.maxProjectFileBytes = maxProjectFileBytes;
    b.schemaVersion = schemaVersion;
    b.autoMigrate = autoMigrate;
    return b;
  }

  public String branch() {
    return branch;
  }

  public Durability durability() {
    return durability;
  }

  /** Author and committer name, or null to take it from the repository configuration. */
  public String authorName() {
    return authorName;
  }

  public String authorEmail() {
    return authorEmail;
  }

  public Clock clock() {
    return clock;
  }

  /** How often Quire tries again when another writer got there first. */
  public RetryPolicy retries() {
    return retries;
  }

  /** How many times a transaction function is re-run when the branch moved under it. */
  public int maxRetries() {
    return retries.transactionRetries();
  }

  /**
   * While writing, Git's index is caught up with the branch at most this often (default ten
   * minutes), and never more often than ten times the duration of the last catch-up. Git's
   * index is one file for the whole tree: rewriting it costs time in proportion to the store,
   * and writing it back to disk slows every file creation for a while (in a store of 100,000
   * entities, a rewrite once a second cut the commit rate by more than half, and one rewrite
   * stalled the commits of the following seconds). Working-tree files are caught up
   * separately, at most once a second. Both are always caught up by {@link Store#flush()},
   * {@link Store#close()} and {@link Store#status()}. Zero: after every commit.
   */
  public Duration indexSyncInterval() {
    return indexSyncInterval;
  }

  public CodecLimits codecLimits() {
    return codecLimits;
  }

  /** Largest project file accepted. */
  public long maxProjectFileBytes() {
    return maxProjectFileBytes;
  }

  /**
   * The schema version this store writes: the newest by default. A store at an older version
   * opens read-only (writes fail and ask for {@code quire migrate}) unless this names its
   * version; {@link Store#init} creates stores at it ({@code quire init --schema v1}, for
   * tests and for installs that still run an older Quire).
   */
  public int schemaVersion() {
    return schemaVersion;
  }

  /** Whether opening a store at an older schema version migrates it (one commit per step). */
  public boolean autoMigrate() {
    return autoMigrate;
  }

  /** Builds {@link StoreOptions}; every setting starts at its default. Checked by {@link #build()}. */
  public static final class Builder {
    private String branch = "main";
    private Durability durability = Durability.PROCESS_CRASH;
    private String authorName;
    private String authorEmail;
    private Clock clock = Clock.systemUTC();
    private RetryPolicy retries = RetryPolicy.DEFAULT;
    private Duration indexSyncInterval = Duration.ofMinutes(10);
    private CodecLimits codecLimits = CodecLimits.DEFAULT;
    private long maxProjectFileBytes = 50L << 20;
    private int schemaVersion = Store.SCHEMA_VERSION;
    private boolean autoMigrate;

    private Builder() {}

    public Builder branch(String branch) {
      this.branch = branch;
      return this;
    }

    public Builder durability(Durability durability) {
      this.durability = durability;
      return this;
    }

    /** Author and committer; null name: from the repository's configuration. */
    public Builder author(String name, String email) {
      this.authorName = name;
      this.authorEmail = email;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder retries(RetryPolicy retries) {
      this.retries = retries;
      return this;
    }

    /** Sets the transaction re-runs of the retry policy, the other bounds kept. */
    public Builder maxRetries(int n) {
      this.retries = new RetryPolicy(n, retries.lockAttempts(), retries.syncAttempts(), retries.staleLockAfter());
      return this;
    }

    public Builder indexSyncInterval(Duration interval) {
      this.indexSyncInterval = interval;
      return this;
    }

    public Builder codecLimits(CodecLimits limits) {
      this.codecLimits = limits;
      return this;
    }

    public Builder maxProjectFileBytes(long bytes) {
      this.maxProjectFileBytes = bytes;
      return this;
    }

    public Builder schemaVersion(int version) {
      this.schemaVersion = version;
      return this;
    }

    public Builder autoMigrate(boolean migrate) {
      this.autoMigrate = migrate;
      return this;
    }

    public StoreOptions build() {
      return new StoreOptions(this);
    }
  }
}
