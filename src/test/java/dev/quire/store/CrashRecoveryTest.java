package dev.quire.store;

import static dev.quire.testing.Fixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ConflictException;
import dev.quire.testing.Fixture;
import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a writer that died leaves behind does not keep the store down: a stale branch lock is
 * removed (a live one is respected), and files an interrupted working-tree catch-up left
 * half-written are put right, never taken for hand edits.
 */
class CrashRecoveryTest {
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

  /** A store in {@code f} with one rule committed, committing with {@code retries}. */
  private static Store storeWithARule(Fixture f, RetryPolicy retries) {
    Store store = f.store("s", o -> o.retries(retries));
    store.put(rule("r1", "Brief"));
    return store;
  }

  @Test
  void aStaleLockLeftByACrashedWriterIsRemovedAndTheWriteGoesOn() throws IOException {
    Path s;
    try (Fixture f = new Fixture(dir)) {
      Store store = storeWithARule(f, RetryPolicy.DEFAULT);
      s = store.directory();
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
    try (Fixture f = new Fixture(dir)) {
      Store store = storeWithARule(f, new RetryPolicy(10, 3, 5, Duration.ofMinutes(10)));
      Path s = store.directory();
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
    Path s;
    try (Fixture f = new Fixture(dir)) {
      Store store = storeWithARule(f, new RetryPolicy(10, 2, 5, Duration.ofMillis(800)));
      s = store.directory();
      Path lock = leaveLock(store, Duration.ZERO);
      long t0 = System.nanoTime();
      assertNotNull(store.put(rule("r2", "Long")));
      long waitedMs = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(waitedMs >= 700, "waited for the lock to become stale: " + waitedMs + " ms");
      assertFalse(Files.exists(lock));
    }
    Git.fsck(s);
  }

  /**
   * Leaves the working tree as a writer killed in the middle of catching it up from
   * {@code from} to {@code to} would: the catch-up recorded as pending, the files marker
   * still at {@code from}, and {@code path} holding {@code partial}.
   */
  private static void interruptCatchUp(Path store, String from, String to, String path, byte[] partial)
      throws IOException {
    Path quire = store.resolve(".git/quire");
    Files.writeString(quire.resolve("worktree"), from + "\n");
    Files.writeString(quire.resolve("worktree.pending"), from + " " + to + "\n");
    Path file = store.resolve(path);
    if (partial == null) {
      Files.delete(file);
    } else {
      Files.write(file, partial);
    }
  }

  @Test
  void filesAnInterruptedCatchUpLeftEmptyCutOrMissingAreWrittenAgainNotTakenForHandEdits() throws IOException {
    Path s = dir.resolve("s");
    String[] paths = new String[3];
    byte[][] contents = new byte[3][];
    String from;
    String to;
    try (Store store = Store.init(s)) {
      for (int i = 0; i < 3; i++) {
        store.put(rule("r" + i, "Rule " + i));
      }
      from = store.commitId();
      store.transaction(tx -> {
        for (int i = 0; i < 3; i++) {
          tx.put(rule("r" + i, "Rule " + i).with("content", "a longer text for rule " + i));
        }
      });
      to = store.commitId();
      for (int i = 0; i < 3; i++) {
        paths[i] = store.layout().pathOf(store.require(dev.quire.model.EntityTypes.RULES, "r" + i),
            dev.quire.codec.Format.YAML).path();
      }
    }
    for (int i = 0; i < 3; i++) {
      contents[i] = Files.readAllBytes(s.resolve(paths[i]));
    }
    // r0 empty (created, nothing written), r1 cut after 10 bytes, r2 deleted and not yet written
    interruptCatchUp(s, from, to, paths[0], new byte[0]);
    interruptCatchUp(s, from, to, paths[1], java.util.Arrays.copyOf(contents[1], 10));
    interruptCatchUp(s, from, to, paths[2], null);
    try (Store store = Store.open(s)) {
      assertEquals(java.util.List.of(), store.skippedHandEdits(), "nothing taken for a hand edit");
      for (int i = 0; i < 3; i++) {
        assertEquals(new String(contents[i], java.nio.charset.StandardCharsets.UTF_8),
            Files.readString(s.resolve(paths[i])), paths[i]);
      }
      assertNotNull(store.put(rule("r1", "Rule 1").with("content", "written after the crash")), "writes work");
    }
    assertFalse(Files.exists(s.resolve(".git/quire/worktree.pending")));
    assertEquals("", Git.run(s, "status", "--porcelain"));
    Git.fsck(s);
  }

  @Test
  void aHandEditInAFileTheInterruptedCatchUpWasWritingIsKept() throws IOException {
    Path s = dir.resolve("s");
    String path;
    String from;
    String to;
    try (Store store = Store.init(s)) {
      store.put(rule("r1", "Brief"));
      from = store.commitId();
      store.put(rule("r1", "Brief").with("content", "new text"));
      to = store.commitId();
      path = store.layout().pathOf(store.require(dev.quire.model.EntityTypes.RULES, "r1"),
          dev.quire.codec.Format.YAML).path();
    }
    byte[] mine = "id: r1\nname: Mine\ncontent: my own words\ntype: system\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    interruptCatchUp(s, from, to, path, mine);
    try (Store store = Store.open(s)) {
      assertEquals(java.util.List.of(path), store.skippedHandEdits(), "a person's edit is theirs");
      assertEquals("my own words", new String(Files.readAllBytes(s.resolve(path)),
          java.nio.charset.StandardCharsets.UTF_8).split("content: ")[1].strip().split("\n")[0]);
      assertEquals(java.util.List.of(path), store.status());
    }
  }
}
