package dev.quire.store;

import static dev.quire.testing.Fixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.codec.EntityCodec;
import dev.quire.internal.engine.Ordering;
import dev.quire.layout.Layout;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read index answers every look-up exactly as decoding the commit's files would: checked
 * against an oracle that decodes every file of the revision (C git's view of it), after API
 * writes, a plain git commit, a reopen (the index read from its file), a damaged index file
 * (rebuilt) and at an old revision.
 */
@Timeout(120)
class ReadIndexTest {
  @TempDir
  Path dir;

  private final Random random = new Random(12);

  private static String date(int minutes) {
    return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minutes).toString();
  }

  private void fill(Store store, int conversations, int turns) {
    List<Entity> all = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      all.add(Entity.of(EntityTypes.PROJECTS, map("id", "p" + p, "name", "P" + p, "path", "/p" + p,
          "parentId", p < 2 ? null : "p" + (p % 2), "createdAt", date(p), "updatedAt", date(p))));
    }
    for (int c = 0; c < conversations; c++) {
      Map<String, Object> f = map("id", "c" + c, "title", "Chat " + c, "createdAt", date(c),
          "updatedAt", date(random.nextInt(500)), "projectId", random.nextInt(3) == 0 ? "p" + random.nextInt(5) : null);
      if (c % 7 == 0) {
        f.put("syncRepoId", "repo" + (c % 2));
      }
      all.add(Entity.of(EntityTypes.CONVERSATIONS, f));
    }
    for (int i = 0; i < turns; i++) {
      String conv = "c" + random.nextInt(conversations);
      all.add(Entity.of(EntityTypes.INTERACTIONS, map("id", "i" + i, "conversationId", conv, "index", random.nextInt(50),
          "type", "message.user_assistant", "status", "COMPLETED", "parentId", null,
          "startedAt", random.nextInt(10) == 0 ? null : date(random.nextInt(2000)), "response", "r" + i)));
    }
    for (int l = 0; l < 20; l++) {
      all.add(Entity.of(EntityTypes.TAG_RULE_LINKS, map("id", "l" + l, "tagId", "t" + (l % 3), "ruleId", "r" + l)));
    }
    store.putAll(all);
  }

  /** Every entity of a revision, decoded from its files as C git has them. */
  private static Map<EntityType, List<Entity>> oracle(Path store, String rev) {
    SortedMap<String, byte[]> files = RevisionFiles.read(store, rev);
    Layout layout = Layout.forVersion(2);
    EntityCodec codec = new EntityCodec();
    Map<EntityType, List<Entity>> out = new java.util.HashMap<>();
    files.forEach((path, bytes) -> {
      try {
        if (layout.parse(path).isPresent()) {
          Entity e = layout.decode(path, bytes, codec);
          out.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(e);
        }
      } catch (RuntimeException e) {
        // not an entity file
      }
    });
    out.values().forEach(l -> l.sort((a, b) -> Ordering.of(a.type()).compare(a, b)));
    return out;
  }

  private static List<String> ids(List<Entity> entities) {
    return entities.stream().map(Entity::id).toList();
  }

  /** Compares every look-up of {@code s} with the oracle of the same revision. */
  private static void same(Snapshot s, Map<EntityType, List<Entity>> oracle) {
    List<Entity> conversations = oracle.getOrDefault(EntityTypes.CONVERSATIONS, List.of());
    List<Entity> interactions = oracle.getOrDefault(EntityTypes.INTERACTIONS, List.of());
    assertEquals(ids(conversations), ids(s.conversations()), "conversations newest first");
    assertEquals(conversations, s.conversations(), "the same entities");
    assertEquals(ids(conversations.subList(10, 35)), ids(s.conversations(10, 25)), "a page");
    assertEquals(List.of(), s.conversations(conversations.size(), 10), "past the end");
    assertEquals(ids(conversations.stream().filter(e -> "repo1".equals(e.get("syncRepoId"))).toList()),
        ids(s.conversationsBySyncRepo("repo1")));
    assertEquals(ids(conversations.stream().filter(e -> e.get("projectId") == null).toList()),
        ids(s.find(EntityTypes.CONVERSATIONS, "projectId", null)));
    for (String conv : List.of("c0", "c3", "c17")) {
      assertEquals(ids(interactions.stream().filter(e -> conv.equals(e.parentId())).toList()), ids(s.interactions(conv)), conv);
    }
    Instant from = Instant.parse(date(300));
    Instant to = Instant.parse(date(900));
    List<Entity> range = interactions.stream().filter(e -> e.getDate("startedAt") != null
        && !e.getDate("startedAt").isBefore(from) && e.getDate("startedAt").isBefore(to))
        .sorted((a, b) -> a.getDate("startedAt").compareTo(b.getDate("startedAt"))).toList();
    assertEquals(range.stream().map(e -> e.getDate("startedAt")).toList(),
        s.interactionsStartedBetween(from, to).stream().map(e -> e.getDate("startedAt")).toList());
    assertEquals(new java.util.HashSet<>(ids(range)), new java.util.HashSet<>(ids(s.interactionsStartedBetween(from, to))));
    assertEquals(ids(oracle.getOrDefault(EntityTypes.PROJECTS, List.of()).stream()
        .filter(e -> Objects.equals(e.get("parentId"), "p1")).toList()), ids(s.projectsByParent("p1")));
    assertEquals(ids(oracle.getOrDefault(EntityTypes.TAG_RULE_LINKS, List.of()).stream()
        .filter(e -> "t2".equals(e.get("tagId"))).toList()), ids(s.linksByTag("t2")));
  }

  @Test
  void theIndexAnswersLikeTheFilesThroughWritesPlainGitReopensDamageAndOldRevisions() throws IOException {
    Path s = dir.resolve("s");
    String old;
    try (Store store = Store.init(s)) {
      fill(store, 60, 600);
      old = store.commitId();
      same(store, oracle(s, old));
      // API writes: updates, a delete with its cascade, a new conversation
      Entity c5 = store.require(EntityTypes.CONVERSATIONS, "c5");
      store.put(c5.with("updatedAt", date(9999)).with("syncRepoId", "repo1"));
      store.delete(EntityTypes.CONVERSATIONS, "c3");
      store.put(Entity.of(EntityTypes.CONVERSATIONS, map("id", "cNew", "title", "New", "updatedAt", date(7),
          "createdAt", date(7))));
      same(store, oracle(s, store.commitId()));
    }
    // plain git: an edit committed behind the store's back
    Path file;
    try (var files = Files.walk(s.resolve("v2/conversations"))) {
      file = files.filter(p -> p.getFileName().toString().equals("c10.yaml")).findFirst().orElseThrow();
    }
    Files.writeString(file, Files.readString(file).replaceAll("(?m)^updatedAt: .*$", "updatedAt: \"2030-01-01T00:00:00.000Z\""));
    Git.run(s, "commit", "-qam", "edited with git");
    assertTrue(Files.exists(s.resolve(".git/quire/read-index")), "saved when the store closed");
    try (Store store = Store.open(s)) {
      same(store, oracle(s, "HEAD"));
      assertEquals("c10", store.conversations(0, 1).get(0).id(), "the plain git edit moved it first");
      same(store.at(old), oracle(s, old));
      same(store, oracle(s, "HEAD"));
    }
    Files.write(s.resolve(".git/quire/read-index"), new byte[] {1, 2, 3, 4});
    try (Store store = Store.open(s)) {
      same(store, oracle(s, "HEAD"));
    }
    Git.fsck(s);
  }

  @Test
  void aCommitsUniqueChecksSeeTheIndexedNamesIncludingOnesCommittedWithPlainGit() throws IOException {
    Path s = dir.resolve("u");
    try (Store store = Store.init(s)) {
      store.put(dev.quire.testing.Fixture.rule("r1", "Brevity"));
      store.conversations(); // the index is built and kept from here on
    }
    Path file = s.resolve("v2/rules/r2.yaml");
    Files.writeString(file, "id: r2\nname: Clarity\n");
    Git.run(s, "add", "v2/rules/r2.yaml");
    Git.run(s, "commit", "-qm", "a rule added with git");
    try (Store store = Store.open(s)) {
      dev.quire.ConflictException e = org.junit.jupiter.api.Assertions.assertThrows(dev.quire.ConflictException.class,
          () -> store.put(dev.quire.testing.Fixture.rule("r3", "Clarity")));
      assertEquals("rules \"r3\": name \"Clarity\" is already used by \"r2\"; name must be unique among rules", e.getMessage());
      store.put(dev.quire.testing.Fixture.rule("r2", "Renamed"));
      store.put(dev.quire.testing.Fixture.rule("r3", "Clarity")); // free once r2 was renamed
      assertEquals(List.of("r1", "r3", "r2"), ids(store.list(EntityTypes.RULES)));
    }
  }
}
