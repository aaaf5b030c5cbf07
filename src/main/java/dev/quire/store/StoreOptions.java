package dev.quire.store;

import dev.quire.codec.CodecLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Store} behaves: branch, durability, commit identity, clock, retry bound, how
 * often Git's index is caught up, and parsing and file limits. Immutable; start from
 * {@link #defaults()}.
 */
public final class StoreOptions {
  private final String branch;
  private final Durability durability;
  private final String authorName;
  private final String authorEmail;
  private final Clock clock;
  private final int maxRetries;
  private final Duration indexSyncInterval;
  private final CodecLimits codecLimits;
  private final long maxProjectFileBytes;
  private final int schemaVersion;
  private final boolean autoMigrate;

  private StoreOptions(String branch, Durability durability, String authorName, String authorEmail,
      Clock clock, int maxRetries, Duration indexSyncInterval, CodecLimits codecLimits,
      long maxProjectFileBytes, int schemaVersion, boolean autoMigrate) {
    this.branch = Objects.requireNonNull(branch, "branch == null");
    this.durability = Objects.requireNonNull(durability, "durability == null");
    this.authorName = authorName;
    this.authorEmail = authorEmail;
    this.clock = Objects.requireNonNull(clock, "clock == null");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries < 0: " + maxRetries);
    }
    this.maxRetries = maxRetries;
    this.indexSyncInterval = Objects.requireNonNull(indexSyncInterval, "indexSyncInterval == null");
    this.codecLimits = Objects.requireNonNull(codecLimits, "codecLimits == null");
    if (maxProjectFileBytes <= 0) {
      throw new IllegalArgumentException("maxProjectFileBytes <= 0: " + maxProjectFileBytes);
    }
    this.maxProjectFileBytes = maxProjectFileBytes;
    if (schemaVersion < 1 || schemaVersion > Store.SCHEMA_VERSION) {
      throw new IllegalArgumentException("schema version v" + schemaVersion + " is not one this Quire writes (v1 to v"
          + Store.SCHEMA_VERSION + ")");
    }
    this.schemaVersion = schemaVersion;
    this.autoMigrate = autoMigrate;
  }

  /**
   * Branch {@code main}, {@link Durability#PROCESS_CRASH}, identity from the repository's
   * {@code user.name}/{@code user.email} (else "Quire"), the system clock, 10 retries, index
   * caught up at most every ten minutes while writing, default codec limits, project files up
   * to 50 MiB.
   */
  public static StoreOptions defaults() {
    return new StoreOptions("main", Durability.PROCESS_CRASH, null, null, Clock.systemUTC(), 10,
        Duration.ofMinutes(10), CodecLimits.DEFAULT, 50L << 20, Store.SCHEMA_VERSION, false);
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

  /** How many times a transaction function is re-run when the branch moved under it. */
  public int maxRetries() {
    return maxRetries;
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

  public StoreOptions withBranch(String b) {
    return new StoreOptions(b, durability, authorName, authorEmail, clock, maxRetries, indexSyncInterval, codecLimits, maxProjectFileBytes, schemaVersion, autoMigrate);
  }

  public StoreOptions withDurability(Durability d) {
    return new StoreOptions(branch, d, authorName, authorEmail, clock, maxRetries, indexSyncInterval, codecLimits, maxProjectFileBytes, schemaVersion, autoMigrate);
  }

  public StoreOptions withAuthor(String name, String email) {
    return new StoreOptions(branch, durability, name, email, clock, maxRetries, indexSyncInterval, codecLimits, maxProjectFileBytes, schemaVersion, autoMigrate);
  }

  public StoreOptions withClock(Clock c) {
    return new StoreOptions(branch, durability, authorName, authorEmail, c, maxRetries, indexSyncInterval, codecLimits, maxProjectFileBytes, schemaVersion, autoMigrate);
  }

  public StoreOptions withMaxRetries(int n) {
    return new StoreOptions(branch, durability, authorName, authorEmail, clock, n, indexSyncInterval, codecLimits, maxProjectFileBytes, schemaVersion, autoMigrate);
  }

  public StoreOptions withIndexSyncInterval(Duration d) {
    return new StoreOptions(branch, durability, authorName, authorEmail, clock, maxRetries, d, codecLimits, maxProjectFileBytes, schemaVersion, autoMigrate);
  }

  public StoreOptions withCodecLimits(CodecLimits l) {
    return new StoreOptions(branch, durability, authorName, authorEmail, clock, maxRetries, indexSyncInterval, l, maxProjectFileBytes, schemaVersion, autoMigrate);
  }

  public StoreOptions withMaxProjectFileBytes(long bytes) {
    return new StoreOptions(branch, durability, authorName, authorEmail, clock, maxRetries, indexSyncInterval, codecLimits, bytes, schemaVersion, autoMigrate);
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

  public StoreOptions withSchemaVersion(int version) {
    return new StoreOptions(branch, durability, authorName, authorEmail, clock, maxRetries, indexSyncInterval,
        codecLimits, maxProjectFileBytes, version, autoMigrate);
  }

  public StoreOptions withAutoMigrate(boolean migrate) {
    return new StoreOptions(branch, durability, authorName, authorEmail, clock, maxRetries, indexSyncInterval,
        codecLimits, maxProjectFileBytes, schemaVersion, migrate);
  }
}
