package dev.quire.store;

import static dev.quire.testing.Fixture.conversation;
import static dev.quire.testing.Fixture.interaction;
import static dev.quire.testing.Fixture.named;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.quire.ConflictException;
import dev.quire.InvalidEntityException;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreBehaviourTest {
  @TempDir
  Path dir;

  // ---- every type --------------------------------------------------------------------

  @Test
  void everyTypeCanBeSavedReadListedAndDeleted() {
    try (Store store = Store.init(dir.resolve("s"))) {
      List<Entity> all = List.of(
          conversation("c1", "T", "2025-03-01T10:00:00Z"),
          interaction("i1", "c1", 0),
          named(EntityTypes.PROJECTS, "p1", "P", "path", "/P"),
          named(EntityTypes.PROMPT_TEMPLATES, "t1", "T", "type", "prompt", "prompt", "Hi {{x}}"),
          named(EntityTypes.WORKFLOWS, "w1", "W", "steps", List.of(Map.of("id", "s1", "type", "trigger"))),
          named(EntityTypes.RULES, "r1", "R", "type", "system", "content", "Be brief."),
          named(EntityTypes.TAGS, "g1", "G"),
          Entity.of(EntityTypes.TAG_RULE_LINKS, Map.of("id", "l1", "tagId", "g1", "ruleId", "r1")),
          named(EntityTypes.PROVIDER_CONFIGS, "pc1", "OpenAI", "type", "openai"),
          named(EntityTypes.API_KEYS, "k1", "Key", "providerId", "openai", "value", "sk-test-123"),
          named(EntityTypes.SYNC_REPOS, "sr1", "Repo", "remoteUrl", "https://example.org/r.git"),
          named(EntityTypes.MODS, "m1", "Mod", "enabled", true, "loadOrder", 1),
          Entity.of(EntityTypes.SETTINGS, Map.of("key", "settings:theme", "value", "dark")),
          named(EntityTypes.MARKETPLACE_SOURCES, "ms1", "Src", "url", "https://example.org/index.json"),
          Entity.of(EntityTypes.INSTALLED_ITEMS, Map.of("id", "ii1", "packageId", "pkg", "sourceId", "ms1")));
      store.putAll(all);
      for (Entity e : all) {
        assertEquals(e, store.require(e.type(), e.id()), e.type().folder());
        assertEquals(List.of(e), store.list(e.type()), e.type().folder());
      }
      for (Entity e : all) {
        store.delete(e.type(), e.id());
        assertTrue(store.get(e.type(), e.id()).isEmpty(), e.type().folder());
      }
    }
    Git.fsck(dir.resolve("s"));
  }

  @Test
  void lookUpsAnswerWhatLiteChatAsks() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.transaction(tx -> {
        tx.put(named(EntityTypes.PROJECTS, "p1", "Work", "path", "/Work"));
        tx.put(named(EntityTypes.PROJECTS, "p2", "Api", "path", "/Work/Api", "parentId", "p1"));
        tx.put(named(EntityTypes.API_KEYS, "k1", "Key", "value", "sk-1"));
        tx.put(named(EntityTypes.PROVIDER_CONFIGS, "pc1", "A", "type", "openai", "apiKeyId", "k1"));
        tx.put(named(EntityTypes.PROVIDER_CONFIGS, "pc2", "B", "type", "openai"));
        tx.put(conversation("c1", "x", "2025-03-01T10:00:00Z").with("syncRepoId", "sr1"));
        tx.put(conversation("c2", "y", "2025-03-01T11:00:00Z"));
        tx.put(interaction("i0", "c1", 0));
        tx.put(interaction("i1", "c1", 1));
        tx.put(interaction("i2", "c2", 5));
        tx.put(Entity.of(EntityTypes.TAG_RULE_LINKS, Map.of("id", "l1", "tagId", "g1", "ruleId", "r1")));
        tx.put(Entity.of(EntityTypes.TAG_RULE_LINKS, Map.of("id", "l2", "tagId", "g1", "ruleId", "r2")));
        tx.put(Entity.of(EntityTypes.INSTALLED_ITEMS, Map.of("id", "ii1", "packageId", "a", "sourceId", "ms1")));
        tx.put(Entity.of(EntityTypes.SETTINGS, Map.of("key", "settings:mcpServers", "value",
            List.of(Map.of("id", "fs", "name", "Files", "url", "http://127.0.0.1:1/sse", "enabled", true)))));
        tx.put(Entity.of(EntityTypes.SETTINGS, Map.of("key", "settings:theme", "value", "dark")));
      });
      assertEquals(List.of("p1"), ids(store.projectsByParent(null)));
      assertEquals(List.of("p2"), ids(store.projectsByParent("p1")));
      assertEquals(List.of("pc1"), ids(store.providerConfigsByApiKey("k1")));
      assertEquals(List.of("c1"), ids(store.conversationsBySyncRepo("sr1")));
      assertEquals(List.of("c2", "c1"), ids(store.conversations()));
      assertEquals(List.of("i0", "i1"), ids(store.interactions("c1")));
      assertEquals(List.of("i1", "i2"), ids(store.interactionsStartedBetween(
          Instant.parse("2025-03-01T10:01:00Z"), Instant.parse("2025-03-01T10:06:00Z"))));
      assertEquals(List.of("l1", "l2"), ids(store.linksByTag("g1")));
      assertEquals(List.of("l2"), ids(store.linksByRule("r2")));
      assertEquals(List.of("ii1"), ids(store.installedItemsBySource("ms1")));
      assertEquals("dark", store.setting("theme").orElseThrow());
      assertEquals("dark", store.setting("settings:theme").orElseThrow());
      assertEquals("Files", store.mcpServers().get(0).get("name"));
    }
  }

  private static List<String> ids(List<Entity> entities) {
    return entities.stream().map(Entity::id).toList();
  }

  // ---- cascades and constraints ------------------------------------------------------

  @Test
  void deletesCascadeInTheSameCommit() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.transaction(tx -> {
        tx.put(named(EntityTypes.API_KEYS, "k1", "Key", "value", "sk-1"));
        tx.put(named(EntityTypes.PROVIDER_CONFIGS, "pc1", "A", "type", "openai", "apiKeyId", "k1"));
        tx.put(named(EntityTypes.SYNC_REPOS, "sr1", "Repo"));
        tx.put(named(EntityTypes.PROJECTS, "p1", "Work", "path", "/Work"));
        tx.put(named(EntityTypes.PROJECTS, "p2", "Api", "path", "/Work/Api", "parentId", "p1"));
        tx.put(named(EntityTypes.PROJECTS, "p3", "Db", "path", "/Work/Api/Db", "parentId", "p2"));
        tx.put(named(EntityTypes.PROJECTS, "p4", "Home", "path", "/Home"));
        tx.put(conversation("c1", "in p3", "2025-03-01T10:00:00Z").with("projectId", "p3").with("syncRepoId", "sr1"));
        tx.put(conversation("c2", "in p4", "2025-03-01T10:00:00Z").with("projectId", "p4").with("syncRepoId", "sr1"));
        tx.put(interaction("i1", "c1", 0));
        tx.put(named(EntityTypes.TAGS, "g1", "G"));
        tx.put(named(EntityTypes.RULES, "r1", "R"));
        tx.put(Entity.of(EntityTypes.TAG_RULE_LINKS, Map.of("id", "l1", "tagId", "g1", "ruleId", "r1")));
        tx.put(named(EntityTypes.MARKETPLACE_SOURCES, "ms1", "Src", "url", "u"));
        tx.put(Entity.of(EntityTypes.INSTALLED_ITEMS, Map.of("id", "ii1", "packageId", "a", "sourceId", "ms1")));
        tx.writeFile("p1", "notes.md", "hello".getBytes(StandardCharsets.UTF_8));
      });
      int commits = store.log(100).size();
      store.delete(EntityTypes.API_KEYS, "k1");
      assertNull(store.require(EntityTypes.PROVIDER_CONFIGS, "pc1").get("apiKeyId"));
      store.delete(EntityTypes.SYNC_REPOS, "sr1");
      assertNull(store.require(EntityTypes.CONVERSATIONS, "c2").get("syncRepoId"));
      store.delete(EntityTypes.PROJECTS, "p1");
      assertEquals(List.of("p4"), ids(store.list(EntityTypes.PROJECTS)));
      assertEquals(List.of("c2"), ids(store.conversations()));
      assertTrue(store.get(EntityTypes.INTERACTIONS, "i1").isEmpty());
      assertTrue(store.readFile("p1", "notes.md").isEmpty());
      store.delete(EntityTypes.TAGS, "g1");
      assertTrue(store.list(EntityTypes.TAG_RULE_LINKS).isEmpty());
      store.delete(EntityTypes.MARKETPLACE_SOURCES, "ms1");
      assertTrue(store.list(EntityTypes.INSTALLED_ITEMS).isEmpty());
      assertEquals(commits + 5, store.log(100).size(), "one commit per delete, cascades included");
    }
  }

  @Test
  void uniqueConstraintsAreEnforcedOnCommit() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.put(named(EntityTypes.RULES, "r1", "Brevity"));
      String head = store.commitId();
      ConflictException e = assertThrows(ConflictException.class,
          () -> store.put(named(EntityTypes.RULES, "r2", "Brevity")));
      assertEquals("rules \"r2\": name \"Brevity\" is already used by \"r1\"; name must be unique among rules", e.getMessage());
      assertEquals(head, store.commitId());
      store.put(Entity.of(EntityTypes.TAG_RULE_LINKS, Map.of("id", "l1", "tagId", "g", "ruleId", "r1")));
      e = assertThrows(ConflictException.class,
          () -> store.put(Entity.of(EntityTypes.TAG_RULE_LINKS, Map.of("id", "l2", "tagId", "g", "ruleId", "r1"))));
      assertEquals("tag-rule-links \"l2\": tagId+ruleId [g, r1] is already used by \"l1\"; tagId+ruleId must be unique"
          + " among tag-rule-links", e.getMessage());
      // renaming into a free name works, and swapping names inside one transaction too
      store.put(named(EntityTypes.RULES, "r2", "Clarity"));
      store.transaction(tx -> {
        tx.put(named(EntityTypes.RULES, "r1", "Clarity"));
        tx.put(named(EntityTypes.RULES, "r2", "Brevity"));
      });
      assertEquals("Clarity", store.require(EntityTypes.RULES, "r1").getString("name"));
    }
  }

  @Test
  void idsDifferingOnlyByCaseAreRefused() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.put(conversation("abcDEF", "one", "2025-03-01T10:00:00Z"));
      ConflictException e = assertThrows(ConflictException.class,
          () -> store.put(conversation("ABCdef", "two", "2025-03-01T10:00:00Z")));
      assertEquals("conversations \"ABCdef\" differs only by letter case from the existing \"abcDEF\";"
          + " their files would collide on macOS and Windows, choose another id", e.getMessage());

      // two new ones in one transaction (the second one is reported), and nothing is written
      String head = store.commitId();
      e = assertThrows(ConflictException.class, () -> store.transaction(tx -> {
        tx.put(conversation("xyZ1", "three", "2025-03-01T10:00:00Z"));
        tx.put(conversation("other", "four", "2025-03-01T10:00:00Z"));
        tx.put(conversation("XYz1", "five", "2025-03-01T10:00:00Z"));
      }));
      assertEquals("conversations \"XYz1\" differs only by letter case from the existing \"xyZ1\";"
          + " their files would collide on macOS and Windows, choose another id", e.getMessage());
      assertEquals(head, store.commitId());
      assertTrue(store.get(EntityTypes.CONVERSATIONS, "other").isEmpty());
    }
  }

  @Test
  void hostileIdsAreStoredSafelyOrRefused() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.put(named(EntityTypes.RULES, "../../etc/passwd", "evil"));
      store.flush();
      assertTrue(Files.exists(dir.resolve("s/v2/rules/%2E.%2F..%2Fetc%2Fpasswd.yaml")));
      assertEquals("evil", store.require(EntityTypes.RULES, "../../etc/passwd").getString("name"));
      String head = store.commitId();
      assertThrows(InvalidEntityException.class, () -> store.put(named(EntityTypes.RULES, "x".repeat(300), "long")));
      assertEquals(head, store.commitId());
    }
    Git.fsck(dir.resolve("s"));
  }

  // ---- events ---------------------------------------------------------------------------

  @Test
  void listenersHearApiWritesAndPlainGitCommits() throws IOException {
    Path s = dir.resolve("s");
    List<StoreEvent> heard = new CopyOnWriteArrayList<>();
    try (Store store = Store.init(s)) {
      store.addListener(heard::addAll);
      String first = store.put(conversation("c1", "A", "2025-03-01T10:00:00Z"));
      assertEquals(1, heard.size());
      StoreEvent e = heard.get(0);
      assertEquals(EntityTypes.CONVERSATIONS, e.type());
      assertEquals("c1", e.id());
      assertEquals(StoreEvent.Kind.CREATED, e.kind());
      assertEquals(first, e.newCommit());
      store.put(conversation("c1", "B", "2025-03-01T10:00:00Z"));
      assertEquals(StoreEvent.Kind.UPDATED, heard.get(1).kind());
      assertEquals(first, heard.get(1).oldCommit());
      heard.clear();
      store.flush();

      Files.createDirectories(s.resolve("v2/rules"));
      Files.writeString(s.resolve("v2/rules/r1.yaml"), "id: r1\nname: Hand made\n", StandardCharsets.UTF_8);
      Git.run(s, "add", "v2/rules/r1.yaml");
      Git.run(s, "commit", "-qm", "add a rule by hand");
      assertEquals("Hand made", store.require(EntityTypes.RULES, "r1").getString("name"));
      assertEquals(1, heard.size(), heard.toString());
      assertEquals(EntityTypes.RULES, heard.get(0).type());
      assertEquals(StoreEvent.Kind.CREATED, heard.get(0).kind());

      StoreListener quiet = mock(StoreListener.class);
      store.addListener(quiet);
      store.put(conversation("c1", "B", "2025-03-01T10:00:00Z")); // no change, no commit
      verify(quiet, never()).changed(any());
    }
  }

  @Test
  void aFailingListenerDoesNotUndoTheCommit() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.addListener(events -> {
        throw new IllegalStateException("boom");
      });
      store.put(conversation("c1", "A", "2025-03-01T10:00:00Z"));
      assertTrue(store.get(EntityTypes.CONVERSATIONS, "c1").isPresent());
    }
  }

  // ---- working tree ---------------------------------------------------------------------

  @Test
  void aHandEditIsNeverOverwritten() throws IOException {
    Path s = dir.resolve("s");
    try (Store store = Store.init(s)) {
      store.put(named(EntityTypes.RULES, "r1", "Original"));
      store.flush();
      Path file = s.resolve("v2/rules/r1.yaml");
      Files.writeString(file, "id: r1\nname: Edited by hand\n");
      String head = store.commitId();
      ConflictException e = assertThrows(ConflictException.class,
          () -> store.put(named(EntityTypes.RULES, "r1", "From the app")));
      assertEquals("v2/rules/r1.yaml has changes that are not committed (edited by hand?); commit"
          + " them with \"quire commit\" or drop them with \"git checkout -- v2/rules/r1.yaml\", then"
          + " try again", e.getMessage());
      assertEquals(head, store.commitId());
      assertEquals("id: r1\nname: Edited by hand\n", Files.readString(file));
      assertEquals(List.of("v2/rules/r1.yaml"), store.status());

      store.commitWorkingTree();
      assertEquals("Edited by hand", store.require(EntityTypes.RULES, "r1").getString("name"));
      assertEquals(List.of(), store.status());
      store.put(named(EntityTypes.RULES, "r1", "From the app"));
      store.flush();
      assertTrue(Files.readString(file).contains("From the app"));
    }
    assertEquals("", Git.run(s, "status", "--porcelain"));
    Git.fsck(s);
  }

  @Test
  void commitWorkingTreeValidatesAndCanonicalizes() throws IOException {
    Path s = dir.resolve("s");
    try (Store store = Store.init(s)) {
      Files.createDirectories(s.resolve("v2/tags"));
      Files.writeString(s.resolve("v2/tags/g1.yaml"), "name: Work\nid: g1\n");
      Files.writeString(s.resolve("v2/tags/g2.yaml"), "id: g2\nname: [broken\n");
      String head = store.commitId();
      dev.quire.MalformedFileException e = assertThrows(dev.quire.MalformedFileException.class, store::commitWorkingTree);
      assertTrue(e.getMessage().startsWith("v2/tags/g2.yaml:3:1: invalid YAML"), e.getMessage());
      assertEquals(head, store.commitId());
      Files.delete(s.resolve("v2/tags/g2.yaml"));
      store.commitWorkingTree();
      assertEquals("id: g1\nname: Work\n", Files.readString(s.resolve("v2/tags/g1.yaml")), "rewritten canonical");
      assertEquals("commit hand edits (1 file)", store.log(1).get(0).subject());
    }
    assertEquals("", Git.run(s, "status", "--porcelain"));
  }

  @Test
  void gitStatusIsCleanAfterCloseAndIndexMatchesHead() {
    Path s = dir.resolve("s");
    try (Store store = Store.init(s, false, StoreOptions.builder().indexSyncInterval(java.time.Duration.ofHours(1)).build())) {
      for (int i = 0; i < 30; i++) {
        store.put(interaction("i" + i, "c" + (i % 3), i));
      }
      store.delete(EntityTypes.INTERACTIONS, "i4");
    }
    assertEquals("", Git.run(s, "status", "--porcelain"));
    assertEquals("", Git.run(s, "diff", "--cached", "--stat"));
    Git.fsck(s);
  }

  @Test
  void bareStoresWork() {
    try (Store store = Store.init(dir.resolve("bare.git"), true, StoreOptions.defaults())) {
      assertTrue(store.isBare());
      store.put(conversation("c1", "A", "2025-03-01T10:00:00Z"));
      assertEquals(1, store.conversations().size());
    }
    Git.fsck(dir.resolve("bare.git"));
  }

  // ---- secrets -----------------------------------------------------------------------------

  @Test
  void secretsNeverReachAGitObject() throws IOException {
    Path s = dir.resolve("s");
    String apiKey = "sk-live-4f9a8b7c6d5e4f3a2b1c";
    String password = "correct horse battery staple";
    try (Store store = Store.init(s)) {
      store.put(named(EntityTypes.API_KEYS, "k1", "OpenAI", "providerId", "openai", "value", apiKey));
      store.put(named(EntityTypes.SYNC_REPOS, "sr1", "Team", "remoteUrl", "https://example.org/r.git",
          "username", "ada", "password", password));
      assertEquals(apiKey, store.require(EntityTypes.API_KEYS, "k1").getString("value"));
      assertEquals(password, store.require(EntityTypes.SYNC_REPOS, "sr1").getString("password"));
      store.put(store.require(EntityTypes.API_KEYS, "k1").with("name", "OpenAI (work)"));
      assertEquals(apiKey, store.require(EntityTypes.API_KEYS, "k1").getString("value"));
      store.flush();
      assertTrue(Files.readString(s.resolve("v2/api-keys/k1.yaml")).contains("value: secret:api-keys/k1/value"));
    }
    Git.run(s, "gc", "-q");
    String objects = Git.run(s, "cat-file", "--batch-all-objects", "--batch");
    assertFalse(objects.contains(apiKey), "API key value in a Git object");
    assertFalse(objects.contains(password), "password in a Git object");
    assertTrue(objects.contains("secret:api-keys/k1/value"));
    Path secrets = s.resolve(".git/quire/secrets.json");
    assertTrue(Files.readString(secrets).contains(apiKey));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
    assertFalse(Git.run(s, "ls-files").contains("secrets"));
  }

  // ---- project files ------------------------------------------------------------------------

  @Test
  void projectFilesRoundTripByteForByte() {
    byte[] binary = new byte[70_000];
    new Random(3).nextBytes(binary);
    try (Store store = Store.init(dir.resolve("s"))) {
      store.transaction(tx -> {
        tx.writeFile("p1", "docs/logo.png", binary);
        tx.writeFile("p1", "docs/notes.md", "# Notes\n".getBytes(StandardCharsets.UTF_8));
        tx.writeFile("p1", "readme.txt", new byte[0]);
      });
      assertArrayEquals(binary, store.readFile("p1", "docs/logo.png").orElseThrow());
      assertEquals(List.of("docs/", "readme.txt"), store.listFiles("p1", ""));
      assertEquals(List.of("logo.png", "notes.md"), store.listFiles("p1", "docs"));
      store.transaction(tx -> tx.moveFile("p1", "docs", "assets"));
      assertEquals(List.of("assets/", "readme.txt"), store.listFiles("p1", ""));
      assertArrayEquals(binary, store.readFile("p1", "assets/logo.png").orElseThrow());
      boolean deleted = store.compute(tx -> tx.deleteFile("p1", "assets/notes.md"));
      assertTrue(deleted);
      assertEquals(List.of("logo.png"), store.listFiles("p1", "assets"));
    }
    assertArrayEquals(binary, readBytes(dir.resolve("s/files/p1/assets/logo.png")));
    Git.fsck(dir.resolve("s"));
  }

  @Test
  void hostileProjectPathsAreRefused() {
    try (Store store = Store.init(dir.resolve("s"),  false, StoreOptions.builder().maxProjectFileBytes(1000).build())) {
      String head = store.commitId();
      for (String bad : List.of("../x", "a/../../b", "a/./b", ".git/config", "a\\b", "x\u0000y", "")) {
        assertThrows(InvalidEntityException.class,
            () -> store.transaction(tx -> tx.writeFile("p1", bad, new byte[] {1})), bad);
      }
      InvalidEntityException e = assertThrows(InvalidEntityException.class,
          () -> store.transaction(tx -> tx.writeFile("p1", "big.bin", new byte[1001])));
      assertEquals("files/p1/big.bin: the file is 1001 bytes, over the limit of 1000 bytes", e.getMessage());
      store.transaction(tx -> tx.writeFile("../p", "ok.txt", new byte[] {1}));
      store.flush();
      assertTrue(Files.exists(dir.resolve("s/files/%2E.%2Fp/ok.txt")));
      assertFalse(head.equals(store.commitId()));
    }
  }

  private static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void clearAllAndClearTypeAreCommits() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.transaction(tx -> {
        tx.put(conversation("c1", "A", "2025-03-01T10:00:00Z"));
        tx.put(interaction("i1", "c1", 0));
        tx.put(named(EntityTypes.RULES, "r1", "R"));
        tx.writeFile("p1", "a.txt", new byte[] {1});
      });
      int commits = store.log(100).size();
      store.clear(EntityTypes.RULES);
      assertTrue(store.list(EntityTypes.RULES).isEmpty());
      assertEquals(1, store.conversations().size());
      store.clearAll();
      assertTrue(store.conversations().isEmpty());
      assertTrue(store.interactions("c1").isEmpty());
      assertTrue(store.readFile("p1", "a.txt").isPresent(), "project files stay");
      assertEquals(commits + 2, store.log(100).size());
      assertEquals("clear all entities", store.log(1).get(0).subject());
    }
  }

  @Test
  void aMalformedFileDoesNotMakeTheRestUnreadable() throws IOException {
    Path s = dir.resolve("s");
    try (Store store = Store.init(s)) {
      store.put(named(EntityTypes.RULES, "r1", "Good"));
      store.flush();
      Files.writeString(s.resolve("v2/rules/r2.yaml"), "id: r2\nname: [\n");
      Git.run(s, "add", ".");
      Git.run(s, "commit", "-qm", "broken by hand");
      assertEquals(List.of("r1"), ids(store.list(EntityTypes.RULES)));
      assertEquals(List.of("v2/rules/r2.yaml:3:1: invalid YAML: while parsing a flow node: expected the"
          + " node content, but found '<stream end>'"), store.problems().stream().map(Object::toString).toList());
      dev.quire.MalformedFileException e = assertThrows(dev.quire.MalformedFileException.class,
          () -> store.get(EntityTypes.RULES, "r2"));
      assertEquals("v2/rules/r2.yaml", e.file());
    }
  }

  @Test
  void aStoreFromTheFutureIsRefused() throws IOException {
    Path s = dir.resolve("s");
    Store.init(s).close();
    Files.createDirectories(s.resolve("v9/rules"));
    Files.writeString(s.resolve("v9/rules/r1.yaml"), "id: r1\nname: x\n");
    Git.run(s, "add", ".");
    Git.run(s, "commit", "-qm", "future");
    dev.quire.StoreException e = assertThrows(dev.quire.StoreException.class, () -> Store.open(s));
    assertTrue(e.getMessage().endsWith("is at schema version v9, newer than this Quire, which knows v1 to v"
        + Store.SCHEMA_VERSION + "; upgrade Quire to open it"), e.getMessage());
    assertThrows(dev.quire.NotFoundException.class, () -> Store.open(dir.resolve("nothing")));
  }

  static List<String> lines(String s) {
    return new ArrayList<>(s.lines().toList());
  }
}
