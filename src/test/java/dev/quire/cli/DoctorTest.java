package dev.quire.cli;

import static dev.quire.cli.Run.quire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.store.Checkup;
import dev.quire.store.Store;
import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quire doctor} and {@code Store.check}: what a crash or a person left, found and repaired. */
class DoctorTest {
  @TempDir
  Path dir;

  private Path store() {
    Path s = dir.resolve("s");
    assertEquals(0, quire("init", s.toString(), "--from", Path.of("sample-repo").toAbsolutePath().toString()).code());
    return s;
  }

  private static void old(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(2))));
  }

  @Test
  void aSoundStoreIsSoundAndSaysWhatIsOfNote() {
    Path s = store();
    Run r = quire("-C", s.toString(), "doctor");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("note: secret:api-keys/"), r.out());
    assertTrue(r.out().endsWith("the store is sound\n"), r.out());
  }

  @Test
  void whatACrashLeftIsReportedThenRepaired() throws IOException {
    Path s = store();
    Path lock = s.resolve(".git/refs/heads/main.lock");
    Files.writeString(lock, Git.run(s, "rev-parse", "HEAD"));
    old(lock);
    Path tmp = s.resolve(".git/objects/tmp_obj_left_by_a_crash");
    Files.writeString(tmp, "x");
    old(tmp);
    Path secrets = s.resolve(".git/quire/secrets.json");
    Files.writeString(secrets, "{}\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(s.resolve(".git/quire/worktree"), "not a commit id\n");
    Files.writeString(s.resolve(".git/quire/read-index"), "not an index\n");

    Run check = quire("-C", s.toString(), "doctor", "--check");
    assertEquals(1, check.code(), check.out());
    assertTrue(check.out().contains("needs repair: .git/refs/heads/main.lock: a branch lock written 120 s ago that no"
        + " running writer holds (left by a process that stopped): remove it\n"), check.out());
    assertTrue(check.out().contains("needs repair: .git/objects/tmp_obj_left_by_a_crash: a temporary file"), check.out());
    assertTrue(check.out().contains("needs repair: .git/quire/secrets.json: secret values others than its owner may read"), check.out());
    assertTrue(check.out().contains("needs repair: .git/quire/worktree: a damaged marker"), check.out());
    assertTrue(check.out().contains("needs repair: .git/quire/read-index: a read index that is damaged"), check.out());
    assertTrue(Files.exists(lock) && Files.exists(tmp), "--check repairs nothing");

    Run repair = quire("-C", s.toString(), "doctor");
    assertEquals(0, repair.code(), repair.out());
    assertEquals(5, repair.out().lines().filter(l -> l.startsWith("repaired: ")).count(), repair.out());
    assertFalse(Files.exists(lock) || Files.exists(tmp));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
    assertEquals(0, quire("-C", s.toString(), "doctor", "--check").code());
    Git.fsck(s);
    assertEquals("", Git.run(s, "status", "--porcelain"));
  }

  @Test
  void anInterruptedCatchUpIsFinishedAndADamagedObjectNeedsAPerson() throws IOException {
    Path s = store();
    Path rule = s.resolve("v2/rules/rK2jH4gF6dS8aQ1wE3rT5.yaml");
    Files.writeString(rule, Files.readString(rule) + "# edited by hand\n");
    Git.run(s, "commit", "-q", "-am", "a hand edit, committed with git: a loose object");
    String head = Git.run(s, "rev-parse", "HEAD").strip();
    String parent = Git.run(s, "rev-parse", "HEAD~1").strip();
    Files.writeString(s.resolve(".git/quire/worktree.pending"), parent + " " + head + "\n");
    String blob = Git.run(s, "rev-parse", "HEAD:v2/rules/rK2jH4gF6dS8aQ1wE3rT5.yaml").strip();
    Path object = s.resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2));
    assertTrue(Files.exists(object), "git commit writes loose objects");
    object.toFile().setWritable(true);
    Files.write(object, new byte[] {1, 2, 3});
    try (Store store = Store.open(s)) {
      Checkup checkup = store.check(true);
      assertTrue(checkup.findings().stream().anyMatch(f -> f.status() == Checkup.Status.REPAIRED
          && f.subject().equals(".git/quire/worktree.pending")), checkup.findings().toString());
      assertFalse(checkup.sound());
      assertTrue(checkup.findings().stream().anyMatch(f -> f.status() == Checkup.Status.NEEDS_A_PERSON
          && f.subject().equals("v2/rules/rK2jH4gF6dS8aQ1wE3rT5.yaml") && f.message().contains(blob)),
          checkup.findings().toString());
    }
  }
}
