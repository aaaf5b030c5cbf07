package dev.quire.store;

import static dev.quire.testing.Fixture.conversation;
import static dev.quire.testing.Fixture.interaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.ConflictException;
import dev.quire.NotFoundException;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.testing.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir
  Path dir;

  @Test
  void putGetListDeleteAreCommits() {
    try (Store store = Store.init(dir.resolve("s"))) {
      int before = store.log(100).size();
      String c1 = store.put(conversation("c1", "First", "2025-03-01T10:00:00Z"));
      assertNotNull(c1);
      store.put(conversation("c2", "Second", "2025-03-02T10:00:00Z"));
      assertEquals("First", store.require(EntityTypes.CONVERSATIONS, "c1").getString("title"));
      assertEquals(List.of("c2", "c1"), store.conversations().stream().map(Entity::id).toList());
      assertTrue(store.delete(EntityTypes.CONVERSATIONS, "c1"));
      assertFalse(store.delete(EntityTypes.CONVERSATIONS, "c1"));
      assertTrue(store.get(EntityTypes.CONVERSATIONS, "c1").isEmpty());
      assertEquals(before + 3, store.log(100).size());
      assertEquals("delete conversation c1", store.log(1).get(0).subject());
      assertEquals("save conversation c2: \"Second\"", store.log(2).get(1).subject());
    }
    Git.fsck(dir.resolve("s"));
    assertEquals("", Git.run(dir.resolve("s"), "status", "--porcelain"));
  }

  @Test
  void saveWithoutChangesMakesNoCommit() {
    try (Store store = Store.init(dir.resolve("s"))) {
      Entity c = conversation("c1", "Same", "2025-03-01T10:00:00Z");
      assertNotNull(store.put(c));
      String head = store.commitId();
      assertNull(store.put(c));
      assertEquals(head, store.commitId());
    }
  }

  @Test
  void aTransactionOfManyWritesIsOneCommit() {
    try (Store store = Store.init(dir.resolve("s"))) {
      int before = store.log(100).size();
      store.transaction(tx -> {
        tx.put(conversation("c1", "Trip", "2025-03-01T10:00:00Z"));
        for (int i = 0; i < 20; i++) {
          tx.put(interaction("i" + i, "c1", i));
        }
        assertEquals(20, tx.interactions("c1").size(), "a transaction reads its own writes");
      });
      assertEquals(before + 1, store.log(100).size());
      assertEquals("save 21 entities", store.log(1).get(0).subject());
      List<Entity> turns = store.interactions("c1");
      assertEquals(20, turns.size());
      assertEquals(List.of(0L, 1L, 2L), turns.subList(0, 3).stream().map(e -> e.get("index")).toList());
      assertEquals("i7", store.require(EntityTypes.INTERACTIONS, "i7").id());
    }
    Git.fsck(dir.resolve("s"));
  }

  @Test
  void oldRevisionsAndHistoryAreReadable() {
    try (Store store = Store.init(dir.resolve("s"))) {
      String first = store.put(conversation("c1", "Draft", "2025-03-01T10:00:00Z"));
      store.put(conversation("c1", "Final", "2025-03-01T11:00:00Z"));
      assertEquals("Final", store.require(EntityTypes.CONVERSATIONS, "c1").getString("title"));
      assertEquals("Draft", store.at(first).require(EntityTypes.CONVERSATIONS, "c1").getString("title"));
      assertEquals("Draft", store.at("HEAD~1").require(EntityTypes.CONVERSATIONS, "c1").getString("title"));
      List<Revision> history = store.history(EntityTypes.CONVERSATIONS, "c1");
      assertEquals(2, history.size());
      assertEquals(first, history.get(1).commit());
      assertThrows(NotFoundException.class, () -> store.at("no-such-rev"));
    }
  }

  @Test
  void cGitReadsTheCommits() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.put(conversation("V1StGXR8_Z5jdHi6B-myT", "Trip plan", "2025-03-01T10:00:00Z"));
    }
    Path s = dir.resolve("s");
    String log = Git.run(s, "log", "--format=%s", "-n", "1");
    assertEquals("save conversation V1StGXR8_Z5jdHi6B-myT: \"Trip plan\"\n", log);
    String show = Git.run(s, "show", "--stat", "--format=", "HEAD");
    assertTrue(show.contains("v2/conversations/v/1/V1StGXR8_Z5jdHi6B-myT.yaml"), show);
    String file = Git.run(s, "show", "HEAD:v2/conversations/v/1/V1StGXR8_Z5jdHi6B-myT.yaml");
    assertTrue(file.startsWith("id: V1StGXR8_Z5jdHi6B-myT\ntitle: Trip plan\n"), file);
  }

  @Test
  void pendingTransactionConflictsWhenItsReadsChanged() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.put(conversation("c1", "A", "2025-03-01T10:00:00Z"));
      PendingTransaction tx = store.begin();
      Entity c = tx.require(EntityTypes.CONVERSATIONS, "c1");
      store.put(conversation("c1", "B", "2025-03-01T11:00:00Z"));
      tx.put(c.with("title", "C"));
      ConflictException e = assertThrows(ConflictException.class, tx::commit);
      assertEquals("the branch moved since this transaction began and changed v2/conversations/c/1/c1.yaml, which it"
          + " read or writes; nothing was written", e.getMessage());
      assertEquals("B", store.require(EntityTypes.CONVERSATIONS, "c1").getString("title"));
    }
  }

  @Test
  void unrelatedConcurrentChangesAreRebased() {
    try (Store store = Store.init(dir.resolve("s"))) {
      PendingTransaction tx = store.begin();
      tx.put(conversation("c1", "Mine", "2025-03-01T10:00:00Z"));
      store.put(conversation("c2", "Theirs", "2025-03-01T10:00:00Z"));
      assertNotNull(tx.commit());
      assertEquals(2, store.conversations().size());
    }
  }

  @Test
  void aFunctionTransactionIsReRunOnTheNewHead() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.put(conversation("c1", "0", "2025-03-01T10:00:00Z"));
      int[] runs = {0};
      store.transaction(tx -> {
        Entity c = tx.require(EntityTypes.CONVERSATIONS, "c1");
        if (runs[0]++ == 0) {
          store.put(c.with("title", "interloper"));
        }
        tx.put(c.with("title", c.getString("title") + "+1"));
      });
      assertEquals(2, runs[0]);
      assertEquals("interloper+1", store.require(EntityTypes.CONVERSATIONS, "c1").getString("title"));
    }
  }

  @Test
  void jsonFilesStayJson() throws Exception {
    Path s = dir.resolve("s");
    try (Store store = Store.init(s)) {
      store.put(conversation("c1", "A", "2025-03-01T10:00:00Z"));
    }
    Git.run(s, "mv", "v2/conversations/c/1/c1.yaml", "v2/conversations/c/1/c1.json");
    Files.writeString(s.resolve("v2/conversations/c/1/c1.json"),
        "{\"id\": \"c1\", \"title\": \"A\", \"createdAt\": \"2025-03-01T10:00:00Z\", \"updatedAt\": \"2025-03-01T10:00:00Z\"}");
    Git.run(s, "commit", "-qam", "to json");
    try (Store store = Store.open(s)) {
      store.put(store.require(EntityTypes.CONVERSATIONS, "c1").with("title", "B"));
      store.flush();
      assertTrue(Files.readString(s.resolve("v2/conversations/c/1/c1.json")).contains("\"title\": \"B\""));
      assertFalse(Files.exists(s.resolve("v2/conversations/c/1/c1.yaml")));
    }
  }
}
