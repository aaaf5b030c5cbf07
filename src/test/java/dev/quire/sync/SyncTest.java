package dev.quire.sync;

import static dev.quire.testing.Fixture.map;
import static dev.quire.testing.Fixture.turn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.StoreException;
import dev.quire.merge.EntityMerge;
import dev.quire.merge.TreeMerge;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import dev.quire.testing.Fixture;
import dev.quire.testing.Git;
import dev.quire.bench.HttpBackend;
import dev.quire.testing.GitDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class SyncTest {
  @TempDir
  Path dir;

  static final Path SAMPLE = Path.of("sample-repo").toAbsolutePath();
  static final String CONV = "cV8bN9mQ0wE1rT2yU3iO4";
  static final String PROJECT = "pQ1wE2rT3yU4iO5pA6sD7";

  private Path hub() {
    Path hub = Fixture.bareRemote(dir, "hub.git");
    return hub;
  }

  /** Two replicas edit the same data at once; after syncing both ways they are identical. */
  void twoReplicasConverge(String url) {
    Path a = dir.resolve("a");
    try (Store sa = Store.init(a)) {
      sa.importFolder(SAMPLE);
      Remotes.of(sa).add("origin", url);
      assertTrue(Sync.of(sa).sync("origin").pushed());
    }
    try (Store sa = Store.open(a); Store sb = Sync.cloneFrom(url, dir.resolve("b"), StoreOptions.defaults())) {
      assertEquals(sa.commitId(), sb.commitId());
      Entity conv = sa.require(EntityTypes.CONVERSATIONS, CONV);
      // A: a new title, a new turn, deletes a project; B: another field, another turn, renames it
      sa.put(conv.with("title", "Title from A").with("updatedAt", "2026-01-01T00:00:00Z"));
      sa.put(turn("turnFromA", CONV, 100));
      sa.delete(EntityTypes.PROJECTS, PROJECT);
      sb.put(conv.with("metadata", map("enabledTools", List.of("search"))).with("updatedAt", "2026-01-02T00:00:00Z"));
      sb.put(turn("turnFromB", CONV, 101));
      Entity project = sb.require(EntityTypes.PROJECTS, PROJECT);
      sb.put(project.with("name", "Renamed by B"));

      SyncResult ra = Sync.of(sa).sync("origin");
      assertTrue(ra.pushed(), ra.toString());
      SyncResult rb = Sync.of(sb).sync("origin");
      assertTrue(rb.pushed() && rb.mergedPaths() > 0, rb.toString());
      SyncResult ra2 = Sync.of(sa).sync("origin");
      assertTrue(ra2.fastForward(), ra2.toString());

      assertEquals(sa.commitId(), sb.commitId(), "both replicas at the same commit");
      for (Store s : List.of(sa, sb)) {
        Entity merged = s.require(EntityTypes.CONVERSATIONS, CONV);
        assertEquals("Title from A", merged.getString("title"));
        assertEquals(List.of("search"), merged.getMap("metadata").get("enabledTools"));
        List<String> turns = s.interactions(CONV).stream().map(Entity::id).toList();
        assertTrue(turns.contains("turnFromA") && turns.contains("turnFromB"), turns.toString());
        assertEquals("Renamed by B", s.require(EntityTypes.PROJECTS, PROJECT).getString("name"),
            "an edit beats a delete");
      }
      String conflicts = Git.run(a, "ls-tree", "-r", "--name-only", "HEAD", TreeMerge.CONFLICTS);
      assertEquals(1, conflicts.lines().count(), "the delete/edit of the project is recorded: " + conflicts);
      Git.fsck(a);
      Git.fsck(dir.resolve("b"));
    }
  }

  @Test
  void overAFileRemote() {
    twoReplicasConverge(hub().toUri().toString());
  }

  @Test
  void overGitDaemon() throws Exception {
    Path hub = hub();
    Files.writeString(hub.resolve("git-daemon-export-ok"), "");
    try (GitDaemon daemon = new GitDaemon(dir)) {
      twoReplicasConverge(daemon.url("hub.git"));
    }
  }

  @Test
  void overSmartHttpWithAuthentication() throws Exception {
    Path hub = hub();
    Git.run(hub, "config", "http.receivepack", "true");
    try (HttpBackend server = new HttpBackend(dir, "alice", "s3cret-token")) {
      String url = server.url("hub.git");
      Path a = dir.resolve("a");
      try (Store sa = Store.init(a)) {
        sa.importFolder(SAMPLE);
        Remotes.of(sa).add("origin", url);
        String head = sa.commitId();
        // wrong credentials: a clear error, nothing changed
        Remotes.of(sa).setCredentials("origin", "alice", "wrong");
        StoreException e = assertThrows(StoreException.class, () -> Sync.of(sa).sync("origin"));
        assertTrue(e.getMessage().startsWith("cannot fetch from origin") && e.getMessage().contains("nothing was changed"),
            e.getMessage());
        assertEquals(head, sa.commitId());
        Remotes.of(sa).setCredentials("origin", "alice", "s3cret-token");
        assertTrue(Sync.of(sa).sync("origin").pushed());
        sa.put(turn("overHttp", CONV, 7));
        assertTrue(Sync.of(sa).sync("origin").pushed());
      }
      assertEquals(Git.run(a, "rev-parse", "HEAD"), Git.run(hub, "rev-parse", "main"));
      String config = java.nio.file.Files.readString(a.resolve(".git/config"));
      assertTrue(!config.contains("s3cret-token"), "credentials never in the repository configuration");
      String objects = Git.run(a, "cat-file", "--batch-all-objects", "--batch");
      assertTrue(!objects.contains("s3cret-token"));
    }
  }

  @Test
  void aRewrittenRemoteHistoryIsRefusedAndNothingLocalIsLost() {
    Path hub = hub();
    String url = hub.toUri().toString();
    Path a = dir.resolve("a");
    try (Store sa = Store.init(a)) {
      sa.importFolder(SAMPLE);
      Remotes.of(sa).add("origin", url);
      Sync.of(sa).sync("origin");
      sa.put(turn("mine", CONV, 50));
      String head = sa.commitId();
      // someone rewrites the remote: a new root commit, force-pushed
      Path other = dir.resolve("other");
      Git.run(dir, "clone", "-q", url, other.toString());
      Git.run(other, "checkout", "-q", "--orphan", "rewritten");
      Git.run(other, "rm", "-rq", "--cached", "v2");
      Git.run(other, "commit", "-qm", "start over");
      Git.run(other, "push", "-q", "--force", "origin", "rewritten:main");
      dev.quire.ConflictException e = assertThrows(dev.quire.ConflictException.class, () -> Sync.of(sa).sync("origin"));
      assertTrue(e.getMessage().startsWith("the branch of origin was rewritten (force-pushed)"), e.getMessage());
      assertEquals(head, sa.commitId(), "nothing local changed");
      assertTrue(sa.get(EntityTypes.INTERACTIONS, "mine").isPresent());
      assertThrows(dev.quire.ConflictException.class, () -> Sync.of(sa).sync("origin"), "and it stays refused");
    }
  }

  @Test
  void twoDevicesCreatingTheSameNameGetARecordedConflictNotABrokenStore() {
    String url = hub().toUri().toString();
    Path a = dir.resolve("a");
    try (Store sa = Store.init(a)) {
      sa.importFolder(SAMPLE);
      Remotes.of(sa).add("origin", url);
      Sync.of(sa).sync("origin");
    }
    try (Store sa = Store.open(a); Store sb = Sync.cloneFrom(url, dir.resolve("b"), StoreOptions.defaults())) {
      sa.put(Entity.of(EntityTypes.RULES, map("id", "ruleA", "name", "Same", "content", "from A", "type", "system")));
      sb.put(Entity.of(EntityTypes.RULES, map("id", "ruleB", "name", "Same", "content", "from B", "type", "system")));
      Sync.of(sa).sync("origin");
      SyncResult r = Sync.of(sb).sync("origin");
      assertEquals(1, r.conflicts(), r.toString());
      Sync.of(sa).sync("origin");
      for (Store s : List.of(sa, sb)) {
        assertEquals("Same", s.require(EntityTypes.RULES, "ruleA").getString("name"));
        assertEquals("Same (ruleB)", s.require(EntityTypes.RULES, "ruleB").getString("name"));
        assertTrue(Conflicts.of(s).list().stream().anyMatch(c -> "ruleB".equals(c.id())));
      }
      assertEquals(sa.commitId(), sb.commitId());
      assertEquals(0, dev.quire.cli.Run.quire("-C", dir.resolve("b").toString(), "validate").code(),
          "the merged store is valid");
    }
  }

  @Test
  void aServerDyingInThePushLosesNothingAndTheNextSyncSucceeds() throws Exception {
    Path hub = hub();
    Git.run(hub, "config", "http.receivepack", "true");
    try (HttpBackend server = new HttpBackend(dir, "u", "p");
        Store sa = Store.init(dir.resolve("a"))) {
      sa.importFolder(SAMPLE);
      Remotes.of(sa).add("origin", server.url("hub.git"));
      Remotes.of(sa).setCredentials("origin", "u", "p");
      server.failNextPush = true;
      String head = sa.commitId();
      StoreException e = assertThrows(StoreException.class, () -> Sync.of(sa).sync("origin"));
      assertTrue(e.getMessage().contains("the local store keeps everything, sync again"), e.getMessage());
      assertEquals(head, sa.commitId());
      assertTrue(Sync.of(sa).sync("origin").pushed());
      assertEquals(head + "\n", Git.run(hub, "rev-parse", "main"));
    }
  }

  @Test
  void aSecretValueNeverLeavesInAPush() {
    Path hub = hub();
    try (Store sa = Store.init(dir.resolve("a"))) {
      sa.importFolder(SAMPLE);
      Remotes.of(sa).add("origin", hub.toUri().toString());
      sa.put(Entity.of(EntityTypes.API_KEYS, map("id", "k9", "name", "Mine", "providerId", "openai", "value", "sk-live-SECRET-12345")));
      assertTrue(Sync.of(sa).sync("origin").pushed(), "the key's file holds a reference only");
      sa.put(Entity.of(EntityTypes.RULES, map("id", "oops", "name", "Oops", "type", "system",
          "content", "use key sk-live-SECRET-12345 for this")));
      StoreException e = assertThrows(StoreException.class, () -> Sync.of(sa).sync("origin"));
      assertTrue(e.getMessage().startsWith("refusing to push: ") && e.getMessage().contains("secret"), e.getMessage());
      assertFalse(Git.run(hub, "cat-file", "--batch-all-objects", "--batch").contains("sk-live-SECRET-12345"));
    }
  }

  @Test
  void referencesThatAMergeLeavesDanglingAreRecorded() {
    String url = hub().toUri().toString();
    try (Store sa = Store.init(dir.resolve("a"))) {
      sa.importFolder(SAMPLE);
      Remotes.of(sa).add("origin", url);
      Sync.of(sa).sync("origin");
    }
    try (Store sa = Store.open(dir.resolve("a")); Store sb = Sync.cloneFrom(url, dir.resolve("b"), StoreOptions.defaults())) {
      String rule = "rZ1xC2vB3nM4lK5jH6gF7";
      String tag = "tG7hV3nQ9xL2kP5mR8wYc";
      sa.delete(EntityTypes.RULES, rule);
      sb.put(Entity.of(EntityTypes.TAG_RULE_LINKS, map("id", "newLink", "tagId", tag, "ruleId", rule)));
      Sync.of(sa).sync("origin");
      SyncResult r = Sync.of(sb).sync("origin");
      assertEquals(1, r.conflicts(), r.toString());
      assertTrue(Conflicts.of(sb).list().stream().anyMatch(c -> "newLink".equals(c.id())
          && String.valueOf(c.fields()).contains("points to no rules")), Conflicts.of(sb).list().toString());
    }
  }

  @Test
  void sshRemotesHaveATransport() throws Exception {
    // JGit has no SSH client of its own; the Apache MINA one must be found (an end-to-end SSH
    // server is not part of these tests): a closed port gives a connection error, not "no SSH"
    assertTrue(org.eclipse.jgit.transport.SshSessionFactory.getInstance().getClass().getName().contains("sshd"),
        org.eclipse.jgit.transport.SshSessionFactory.getInstance().getClass().getName());
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (Store sa = Store.init(dir.resolve("a"))) {
      Remotes.of(sa).add("origin", "ssh://git@127.0.0.1:" + port + "/hub.git");
      StoreException e = assertThrows(StoreException.class, () -> Sync.of(sa).sync("origin"));
      assertTrue(e.getMessage().startsWith("cannot fetch from origin"), e.getMessage());
      assertFalse(e.getMessage().contains("no SSH"), e.getMessage());
    }
  }

  @Test
  void aRemoteAtAnotherSchemaVersionIsNotMerged() {
    String url = hub().toUri().toString();
    try (Store old = Store.init(dir.resolve("old"), false, StoreOptions.builder().schemaVersion(1).build())) {
      old.importFolder(java.nio.file.Path.of("src/test/resources/fixtures/v1-store").toAbsolutePath());
      Remotes.of(old).add("origin", url);
      Sync.of(old).sync("origin");
    }
    try (Store sa = Store.init(dir.resolve("a"))) {
      sa.importFolder(SAMPLE);
      Remotes.of(sa).add("origin", url);
      String head = sa.commitId();
      dev.quire.ConflictException e = assertThrows(dev.quire.ConflictException.class, () -> Sync.of(sa).sync("origin"));
      assertTrue(e.getMessage().startsWith("origin is at schema v1 and this store at v2"), e.getMessage());
      assertEquals(head, sa.commitId());
    }
  }

  @Test
  void aServerThatIsGoneLosesNothing() throws Exception {
    Path a = dir.resolve("a");
    try (Store sa = Store.init(a)) {
      sa.importFolder(SAMPLE);
      Remotes.of(sa).add("origin", "git://127.0.0.1:1/nothing.git");
      String head = sa.commitId();
      StoreException e = assertThrows(StoreException.class, () -> Sync.of(sa).sync("origin"));
      assertTrue(e.getMessage().startsWith("cannot fetch from origin"), e.getMessage());
      assertEquals(head, sa.commitId());
      assertThrows(dev.quire.NotFoundException.class, () -> Sync.of(sa).sync("nope"));
    }
  }

  @Test
  void entityMergeIsFieldByFieldAndSymmetric() {
    Entity base = Entity.of(EntityTypes.PROJECTS, map("id", "p", "name", "Base", "path", "/p",
        "defaultTagIds", List.of("t1", "t2"), "updatedAt", "2026-01-01T00:00:00Z", "metadata", map("a", 1, "b", 1)));
    Entity ours = base.with("name", "Ours").with("defaultTagIds", List.of("t1", "t2", "t3"))
        .with("metadata", map("a", 2, "b", 1)).with("updatedAt", "2026-01-03T00:00:00Z");
    Entity theirs = base.with("name", "Theirs").with("defaultTagIds", List.of("t2", "t4"))
        .with("metadata", map("a", 1, "b", 3)).with("updatedAt", "2026-01-02T00:00:00Z");
    EntityMerge.Result r = EntityMerge.merge(base, ours, theirs);
    assertEquals("Ours", r.entity().getString("name"), "the later updatedAt wins the conflicting field");
    assertEquals(List.of("t2", "t3", "t4"), r.entity().get("defaultTagIds"), "sets: t3 and t4 added, t1 removed");
    assertEquals(map("a", 2L, "b", 3L), r.entity().get("metadata"), "nested maps merge by key");
    assertEquals(List.of("$.name"), r.conflicts().stream().map(EntityMerge.Conflict::field).toList());
    assertEquals(r.entity(), EntityMerge.merge(base, theirs, ours).entity(), "the same either way round");
    assertFalse(r.conflicts().isEmpty());
  }
}
