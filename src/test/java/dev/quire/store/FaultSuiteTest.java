package dev.quire.store;

import static dev.quire.testing.Fixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.StoreException;
import dev.quire.bench.CrashBench;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.testing.Git;
import dev.quire.testing.Tmpfs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite: a writer killed at random moments, a disk that fills up, a read-only file
 * system, damaged objects. Each leaves the store consistent and usable, with a clear error
 * where something was refused. ({@code quire bench crash --trials N} is the longer soak.)
 */
@Timeout(240)
class FaultSuiteTest {
  @TempDir
  Path dir;

  @Test
  void aWriterKilledAtRandomMomentsLosesNothingAndLeavesAUsableStore() throws Exception {
    StringWriter log = new StringWriter();
    CrashBench.Result r = new CrashBench(dir, new PrintWriter(log), Duration.ofSeconds(1)).run(6, 42);
    System.out.print(log);
    assertTrue(r.acknowledged() > 0, log.toString());
    assertEquals(0, r.lost(), log.toString());
    assertEquals(0, r.corrupt(), log.toString());
    assertEquals(0, r.unwritable(), log.toString());
    assertEquals(0, r.dirtyAfterClose(), log.toString());
    System.out.printf("crash: %d kills, %d acknowledged writes, %d lost, %d corrupt, %d unwritable, %d dirty%n",
        r.trials(), r.acknowledged(), r.lost(), r.corrupt(), r.unwritable(), r.dirtyAfterClose());
  }

  private Tmpfs tmpfs(int kib) throws IOException {
    Optional<Tmpfs> fs = Tmpfs.mount(dir.resolve("fs"), kib);
    Assumptions.assumeTrue(fs.isPresent(), "mounting a tmpfs needs root, and this machine does not allow it");
    return fs.get();
  }

  /** A rule of {@code chars} random letters: about as big in Git as on disk. */
  private static Entity bigRule(String id, int chars) {
    Random random = new Random(id.hashCode());
    StringBuilder sb = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return rule(id, "Big").with("content", sb.toString());
  }

  private static List<Path> leftovers(Path store) throws IOException {
    try (Stream<Path> s = Files.walk(store)) {
      return s.filter(p -> {
        String n = p.getFileName().toString();
        return n.endsWith(".lock") || n.endsWith(".tmp") || n.startsWith("tmp_") || n.startsWith("noz");
      }).toList();
    }
  }

  @Test
  void aFullDiskGivesAClearErrorLeavesNothingHalfWrittenAndTheStoreWorksOnceSpaceIsFreed() throws IOException {
    try (Tmpfs fs = tmpfs(4096)) {
      Path s = fs.dir().resolve("s");
      try (Store store = Store.init(s)) {
        store.put(rule("r1", "Small"));
        String head = store.commitId();
        // no room for the objects: refused, nothing written
        Path filler = fs.fillLeaving(60);
        StoreException e = assertThrows(StoreException.class, () -> store.put(bigRule("big", 300_000)));
        assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().startsWith("cannot write to "),
            e.getMessage());
        assertEquals(head, store.commitId());
        assertEquals(List.of(), leftovers(s));
        // room for the objects, not for the working tree's file: the commit stands, no half-written file
        Files.delete(filler);
        filler = fs.fillLeaving(260);
        String commit = store.put(bigRule("big", 300_000));
        assertNotNull(commit);
        assertThrows(StoreException.class, store::flush, "the working tree cannot be written yet");
        Path file = s.resolve("v2/rules/big.yaml");
        assertTrue(!Files.exists(file) || Files.size(file) > 300_000, "never half-written");
        assertEquals(List.of(), store.skippedHandEdits());
        // space freed: the catch-up finishes, and the store writes again
        Files.delete(filler);
        store.flush();
        assertTrue(Files.size(file) > 300_000);
        assertNotNull(store.put(rule("r2", "After")));
        assertEquals(List.of(), store.status());
      }
      assertEquals("", Git.run(s, "status", "--porcelain"));
      Git.fsck(s);
    }
  }

  @Test
  void aReadOnlyFileSystemIsReadAndRefusesWritesClearly() throws IOException {
    try (Tmpfs fs = tmpfs(4096)) {
      Path s = fs.dir().resolve("s");
      try (Store store = Store.init(s)) {
        store.put(rule("r1", "One"));
        store.put(rule("r2", "Two"));
      }
      fs.readOnly(true);
      try (Store store = Store.open(s)) {
        assertEquals(2, store.list(EntityTypes.RULES).size());
        assertEquals("Two", store.require(EntityTypes.RULES, "r2").getString("name"));
        assertEquals(3, store.log(10).size());
        assertEquals(List.of(), store.status());
        StoreException e = assertThrows(StoreException.class, () -> store.put(rule("r3", "Three")));
        assertEquals(s.resolve(".git") + " cannot be written (a read-only folder or file system): the store can be"
            + " read, not written; make it writable to write", e.getMessage());
      }
      fs.readOnly(false);
      try (Store store = Store.open(s)) {
        assertNotNull(store.put(rule("r3", "Three")));
      }
      Git.fsck(s);
    }
  }

  @Test
  void aDamagedLooseObjectIsNamedAndTheRestOfTheStoreIsRead() throws IOException {
    Path s = dir.resolve("s");
    try (Store store = Store.init(s)) {
      for (int i = 1; i <= 3; i++) {
        store.put(rule("r" + i, i == 2 ? "Rule 2 (draft)" : "Rule " + i));
      }
    }
    // Quire writes packs; loose objects come from plain git, here a hand edit committed with it
    Path file = s.resolve("v2/rules/r2.yaml");
    Files.writeString(file, Files.readString(file).replace("Rule 2 (draft)", "Rule 2"));
    Git.run(s, "commit", "-q", "-am", "edit r2 by hand");
    String blob = Git.run(s, "rev-parse", "HEAD:v2/rules/r2.yaml").strip();
    Path object = s.resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2));
    byte[] good = Files.readAllBytes(object);
    object.toFile().setWritable(true);
    Files.write(object, "garbage".getBytes());
    try (Store store = Store.open(s)) {
      StoreException e = assertThrows(StoreException.class, () -> store.get(EntityTypes.RULES, "r2"));
      assertTrue(e.getMessage().startsWith("cannot read v2/rules/r2.yaml: ") && e.getMessage().contains(blob)
          && e.getMessage().contains("the repository is damaged: see `git fsck`"), e.getMessage());
      assertEquals(List.of("r1", "r3"), store.list(EntityTypes.RULES).stream().map(Entity::id).toList());
      assertTrue(store.problems().stream().anyMatch(p -> p.path().equals("v2/rules/r2.yaml")), store.problems().toString());
      assertEquals("Rule 3", store.require(EntityTypes.RULES, "r3").getString("name"));
    }
    Files.write(object, good); // restored (as a fetch from a clone would)
    try (Store store = Store.open(s)) {
      assertEquals("Rule 2", store.require(EntityTypes.RULES, "r2").getString("name"));
      assertNotNull(store.put(rule("r4", "Four")));
    }
    Git.fsck(s);
  }

  @Test
  void aDamagedPackIsNamedAndObjectsOutsideTheDamageAreRead() throws IOException {
    Path s = dir.resolve("s");
    try (Store store = Store.init(s)) {
      for (int i = 1; i <= 20; i++) {
        store.put(bigRule("r" + i, 3000).with("name", "Rule " + i));
      }
    }
    Git.run(s, "gc", "-q");
    Path pack;
    try (Stream<Path> p = Files.list(s.resolve(".git/objects/pack"))) {
      pack = p.filter(f -> f.toString().endsWith(".pack")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(pack);
    for (int i = 0; i < 24; i++) {
      bytes[bytes.length / 2 + i] = 'X';
    }
    pack.toFile().setWritable(true);
    Files.write(pack, bytes);
    int readable = 0;
    int refused = 0;
    for (int i = 1; i <= 20; i++) {
      try (Store store = Store.open(s)) { // a fresh process's view: JGit drops a pack it found damaged
        store.require(EntityTypes.RULES, "r" + i);
        readable++;
      } catch (StoreException e) {
        assertTrue(e.getMessage().startsWith("cannot read v2/rules/r" + i + ".yaml: ")
            && e.getMessage().contains("the repository is damaged"), e.getMessage());
        refused++;
      }
    }
    assertTrue(refused >= 1, "the damage was noticed");
    assertTrue(readable >= 10, readable + " of 20 entities outside the damage were read");
  }
}
