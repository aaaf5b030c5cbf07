package dev.quire.sync;

import static dev.quire.testing.Fixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.testing.Fixture;
import dev.quire.testing.Git;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class BulkSyncTest {
  @TempDir
  Path dir;

  private Store storeWithTwoRepos() {
    Path hub = Fixture.bareRemote(dir, "hub.git");
    Store store = Store.init(dir.resolve("store"));
    store.put(Entity.of(EntityTypes.SYNC_REPOS, map("id", "good", "name", "Good", "remoteUrl", hub.toUri().toString(), "branch", "main")));
    store.put(Entity.of(EntityTypes.SYNC_REPOS, map("id", "bad", "name", "Bad", "remoteUrl", "git://127.0.0.1:1/none.git", "branch", "main")));
    for (String id : List.of("c1", "c2", "c3")) {
      store.put(Entity.of(EntityTypes.CONVERSATIONS, map("id", id, "title", "Conversation " + id,
          "syncRepoId", id.equals("c3") ? "bad" : "good", "updatedAt", "2026-01-01T00:00:00Z")));
    }
    store.put(Entity.of(EntityTypes.CONVERSATIONS, map("id", "local", "title", "Not synced")));
    return store;
  }

  @Test
  void repositoriesFirstThenConversationsContinuingPastErrorsWithProgress() {
    try (Store store = storeWithTwoRepos()) {
      List<BulkSync.Progress> seen = new CopyOnWriteArrayList<>();
      BulkSync.Progress done = Sync.of(store).bulk(2, seen::add).syncAll();
      assertEquals(2, done.totalRepos());
      assertEquals(2, done.completedRepos());
      assertEquals(3, done.totalConversations(), "only linked conversations");
      assertEquals(3, done.completedConversations());
      assertEquals(2, done.errors().size(), "the bad repository, then its conversation: " + done.errors());
      assertTrue(done.errors().get(0).startsWith("repository Bad: cannot fetch"), done.errors().toString());
      assertTrue(seen.stream().anyMatch(p -> p.current() != null && p.current().startsWith("pulling")));
      assertTrue(seen.stream().anyMatch(p -> p.current() != null && p.current().startsWith("syncing")));
      int firstConversation = seen.indexOf(seen.stream().filter(p -> p.current() != null && p.current().startsWith("syncing")).findFirst().orElseThrow());
      assertEquals(2, seen.get(firstConversation).completedRepos(), "repositories first");
      assertNotNull(store.require(EntityTypes.CONVERSATIONS, "c1").get("lastSyncedAt"));
      assertNotNull(store.require(EntityTypes.SYNC_REPOS, "bad").get("lastSyncError"));
      assertEquals(2, Git.run(dir.resolve("hub.git"), "ls-tree", "-r", "--name-only", "main").lines().count());

      // only what changed since its last sync
      Entity c1 = store.require(EntityTypes.CONVERSATIONS, "c1");
      store.put(c1.with("title", "Changed").with("updatedAt", "2099-01-01T00:00:00Z"));
      BulkSync.Progress pending = Sync.of(store).bulk(2, null).syncPendingConversations();
      assertEquals(2, pending.totalConversations(), "c1 (changed) and c3 (never synced): " + pending);
    }
  }

  @Test
  void cancelledBeforeItStartsDoesNothingAndStartupRunsInTheBackground() throws Exception {
    try (Store store = storeWithTwoRepos()) {
      BulkSync sync = Sync.of(store).bulk(2, null);
      sync.cancel();
      BulkSync.Progress p = sync.syncAll();
      assertTrue(p.cancelled());
      assertEquals(0, p.completedRepos());
      assertEquals(0, p.completedConversations());
      BulkSync.Progress startup = Sync.of(store).startup(null).get(60, TimeUnit.SECONDS);
      assertEquals(3, startup.completedConversations());
    }
  }
}
