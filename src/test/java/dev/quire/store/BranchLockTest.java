package dev.quire.store;

import static dev.quire.testing.Fixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ConflictException;
import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A branch lock left by a writer that died does not keep the store down; a live one is respected. */
class BranchLockTest {
  @TempDir
  Path dir;

  private Path lockOf(Path store) {
    return store.resolve(".git/refs/heads/main.lock");
  }

  /** Leaves a lock file as a killed writer would: the new commit id, written {@code ago}. */
  private Path leaveLock(Store store, Duration ago) throws IOException {
    Path lock = lockOf(store.directory());
    Files.writeString(lock, store.commitId() + "\n");
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(ago)));
    return lock;
  }

  private static Store open(Path dir, RetryPolicy retries) {
    return Store.open(dir, StoreOptions.builder().retries(retries).build());
  }

  @Test
  void aStaleLockLeftByACrashedWriterIsRemovedAndTheWriteGoesOn() throws IOException {
    Path s = dir.resolve("s");
    Store.init(s).close();
    try (Store store = Store.open(s)) {
      store.put(rule("r1", "Brief"));
      Path lock = leaveLock(store, Duration.ofMinutes(1));
      String commit = store.put(rule("r2", "Long"));
      assertNotNull(commit);
      assertFalse(Files.exists(lock), "the stale lock is gone");
      assertEquals(commit, store.commitId());
      assertEquals("Long", store.require(dev.quire.model.EntityTypes.RULES, "r2").getString("name"));
    }
    Git.fsck(s);
    assertEquals("", Git.run(s, "status", "--porcelain"));
  }

  @Test
  void aLockHeldByAnotherProgramIsRespectedAndNothingIsWritten() throws IOException {
    Path s = dir.resolve("s");
    Store.init(s).close();
    try (Store store = open(s, new RetryPolicy(10, 3, 5, Duration.ofMinutes(10)))) {
      store.put(rule("r1", "Brief"));
      String head = store.commitId();
      Path lock = leaveLock(store, Duration.ZERO);
      ConflictException e = assertThrows(ConflictException.class, () -> store.put(rule("r2", "Long")));
      assertTrue(e.getMessage().startsWith("the branch main stayed locked by another program (" + lock + ", written "),
          e.getMessage());
      assertTrue(e.getMessage().endsWith(" ms ago); if no git or quire process is using this repository, it was left"
          + " by one that stopped and is removed once it is older than 600000 ms; try again"), e.getMessage());
      assertTrue(Files.exists(lock), "another program's lock is left alone");
      assertEquals(head, Git.run(s, "rev-parse", "refs/heads/main").strip(), "nothing was committed");
      Files.delete(lock);
      assertNotNull(store.put(rule("r2", "Long")), "the store works once the lock is released");
    }
  }

  @Test
  void aYoungLockIsWaitedForUntilItIsStale() throws IOException {
    Path s = dir.resolve("s");
    Store.init(s).close();
    try (Store store = open(s, new RetryPolicy(10, 2, 5, Duration.ofMillis(800)))) {
      store.put(rule("r1", "Brief"));
      Path lock = leaveLock(store, Duration.ZERO);
      long t0 = System.nanoTime();
      assertNotNull(store.put(rule("r2", "Long")));
      long waitedMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(waitedMs >= 700, "waited for the lock to become stale: " + waitedMs + " ms");
      assertFalse(Files.exists(lock));
    }
    Git.fsck(s);
  }
}
