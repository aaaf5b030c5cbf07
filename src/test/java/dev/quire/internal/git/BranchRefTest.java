package dev.quire.internal.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.testing.Git;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The branch's compare-and-swap: as C git sees it, and without creating or freeing files. */
class BranchRefTest {
  @TempDir Path dir;
  private Path gitDir;
  private final List<ObjectId> commits = new ArrayList<>();
  private final PersonIdent who = new PersonIdent("T", "t@example.org");

  @BeforeEach
  void repository() {
    Git.run(dir, "init", "-q", "-b", "main", "r");
    for (int i = 0; i < 3; i++) {
      Git.run(dir.resolve("r"), "commit", "-q", "--allow-empty", "-m", "c" + i);
      commits.add(ObjectId.fromString(Git.run(dir.resolve("r"), "rev-parse", "HEAD").strip()));
    }
    gitDir = dir.resolve("r/.git");
  }

  private Object inode(Path p) throws Exception {
    return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void updatesAreWhatCGitReadsAndReuseTwoFilesInsteadOfMakingNewOnes() throws Exception {
    BranchRef ref = new BranchRef(gitDir, "refs/heads/main", false);
    Path file = gitDir.resolve("refs/heads/main");
    Set<Object> inodes = new HashSet<>();
    ObjectId at = commits.get(2);
    for (int i = 0; i < 50; i++) {
      ObjectId next = commits.get(i % 3);
      assertEquals(BranchRef.Result.UPDATED, ref.compareAndSet(at, next, who, "move " + i));
      at = next;
      inodes.add(inode(file));
      assertEquals(next.name(), Git.run(dir.resolve("r"), "rev-parse", "main").strip());
      assertEquals(next.name() + "\n", Files.readString(file));
    }
    assertEquals(2, inodes.size(), "the ref's file alternates between two inodes: " + inodes);
    try (var spares = Files.list(gitDir.resolve("quire/ref-spares"))) {
      assertEquals(1, spares.count(), "one spare, the ref's previous file");
    }
    assertFalse(Files.exists(gitDir.resolve("refs/heads/main.lock")));
    assertTrue(Git.run(dir.resolve("r"), "reflog", "main").contains("move 49"));
    Git.run(dir.resolve("r"), "update-ref", "refs/heads/main", commits.get(0).name());
    assertEquals(commits.get(0), ref.read(), "C git's own update is read");
    assertEquals(BranchRef.Result.UPDATED, ref.compareAndSet(commits.get(0), commits.get(1), who, "after git"));
    Git.fsck(dir.resolve("r"));
  }

  @Test
  void aSpareLinkedElsewhereAfterACrashIsNeverWrittenAndALockIsRespected() throws Exception {
    BranchRef ref = new BranchRef(gitDir, "refs/heads/main", false);
    Path file = gitDir.resolve("refs/heads/main");
    assertEquals(BranchRef.Result.UPDATED, ref.compareAndSet(commits.get(2), commits.get(0), who, "one"));
    // a crash after the ref's file was linked as a spare, before the rename: the spare IS the ref
    Path spares = gitDir.resolve("quire/ref-spares");
    try (var all = Files.list(spares)) {
      for (Path p : all.toList()) {
        Files.delete(p);
      }
    }
    Files.createLink(spares.resolve("crashed"), file);
    assertEquals(BranchRef.Result.UPDATED, ref.compareAndSet(commits.get(0), commits.get(1), who, "two"));
    assertEquals(commits.get(1), ref.read());
    assertFalse(Files.exists(spares.resolve("crashed")), "a spare linked elsewhere loses its name");
    assertEquals(BranchRef.Result.MOVED, ref.compareAndSet(commits.get(0), commits.get(2), who, "stale"));
    Files.writeString(gitDir.resolve("refs/heads/main.lock"), "held by git\n");
    assertEquals(BranchRef.Result.LOCKED, ref.compareAndSet(commits.get(1), commits.get(2), who, "locked"));
    assertEquals("held by git\n", Files.readString(gitDir.resolve("refs/heads/main.lock")), "git's lock is left alone");
    Files.delete(gitDir.resolve("refs/heads/main.lock"));
    assertEquals(BranchRef.Result.UPDATED, ref.compareAndSet(commits.get(1), commits.get(2), who, "three"));
    assertEquals(commits.get(2).name(), Git.run(dir.resolve("r"), "rev-parse", "main").strip());
    assertTrue(ref.lockAge() == null);
  }

  @Test
  void foldersRemovedBetweenUpdatesAreMadeAgain() throws Exception {
    BranchRef ref = new BranchRef(gitDir, "refs/heads/main", false);
    assertEquals(BranchRef.Result.UPDATED, ref.compareAndSet(commits.get(2), commits.get(0), who, "one"));
    org.apache.commons.io.FileUtils.deleteDirectory(gitDir.resolve("quire/ref-spares").toFile());
    assertEquals(BranchRef.Result.UPDATED, ref.compareAndSet(commits.get(0), commits.get(1), who, "two"));
    org.apache.commons.io.FileUtils.deleteDirectory(gitDir.resolve("logs").toFile());
    assertEquals(BranchRef.Result.UPDATED, ref.compareAndSet(commits.get(1), commits.get(2), who, "three"));
    assertTrue(Files.readString(gitDir.resolve("logs/refs/heads/main")).contains("three"));
    assertEquals(BranchRef.Result.UPDATED, ref.compareAndSet(commits.get(2), commits.get(0), who, "four"));
    try (var spares = Files.list(gitDir.resolve("quire/ref-spares"))) {
      assertEquals(1, spares.count(), "links still used after the folder came back");
    }
    assertEquals(commits.get(0).name(), Git.run(dir.resolve("r"), "rev-parse", "main").strip());
  }
}
