package dev.quire.sync;

import static dev.quire.testing.Fixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.codec.JsonText;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.testing.Fixture;
import dev.quire.testing.Git;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class LiteChatSyncTest {
  @TempDir
  Path dir;

  static final String FILE = ".litechat/conversations/conv1.json";

  /** What LiteChat writes: JSON.stringify({conversation, interactions}, null, 2). */
  private static String liteChatFile(String title, List<Map<String, Object>> interactions) {
    Map<String, Object> conversation = map("id", "conv1", "title", title, "projectId", null,
        "createdAt", "2025-03-01T10:00:00.000Z", "updatedAt", "2025-03-01T10:05:00.000Z", "syncRepoId", "repo1");
    String text = JsonText.of(map("conversation", conversation, "interactions", interactions));
    return text.substring(0, text.length() - 1);
  }

  private static Map<String, Object> turn(String id, int index, String response) {
    return map("id", id, "conversationId", "conv1", "type", "message.user_assistant", "index", index,
        "parentId", null, "prompt", map("id", "p" + id, "content", "Q" + index, "parameters", map(), "metadata", map()),
        "response", response, "status", "COMPLETED", "startedAt", "2025-03-01T10:0" + index + ":00.000Z",
        "endedAt", "2025-03-01T10:0" + index + ":30.000Z", "metadata", map());
  }

  @Test
  void aLiteChatRepositoryIsPulledEditedOnBothSidesAndSyncedBackInLiteChatsFormat() throws Exception {
    Path hub = Fixture.bareRemote(dir, "hub.git");
    // the browser: plain git, LiteChat's file and commit message
    Path browser = dir.resolve("browser");
    Git.run(dir, "clone", "-q", hub.toUri().toString(), browser.toString());
    Files.createDirectories(browser.resolve(".litechat/conversations"));
    List<Map<String, Object>> turns = new ArrayList<>(List.of(turn("i1", 0, "First answer")));
    Files.writeString(browser.resolve(FILE), liteChatFile("Trip plan", turns));
    Git.run(browser, "add", ".");
    Git.run(browser, "commit", "-qm", "Sync conversation: Trip plan (conv1)");
    Git.run(browser, "push", "-q", "origin", "HEAD:main");

    try (Fixture f = new Fixture(dir)) {
      Store store = f.store("store");
      store.put(Entity.of(EntityTypes.SYNC_REPOS, map("id", "repo1", "name", "Phone", "remoteUrl",
          hub.toUri().toString(), "branch", "main")));
      assertEquals(List.of("conv1"), Sync.of(store).pullConversations("repo1"));
      assertEquals("Trip plan", store.require(EntityTypes.CONVERSATIONS, "conv1").getString("title"));
      assertEquals(Fixture.START, store.require(EntityTypes.CONVERSATIONS, "conv1").getDate("lastSyncedAt"));
      assertEquals(1, store.interactions("conv1").size());

      // both sides edit: the browser renames and adds a turn; Quire edits a field and adds a turn
      turns.add(turn("i2", 1, "Browser's answer"));
      Files.writeString(browser.resolve(FILE), liteChatFile("Trip plan (Lisbon)", turns));
      Git.run(browser, "commit", "-qam", "Sync conversation: Trip plan (Lisbon) (conv1)");
      Git.run(browser, "push", "-q", "origin", "HEAD:main");
      Entity c = store.require(EntityTypes.CONVERSATIONS, "conv1");
      store.put(c.with("metadata", map("enabledTools", List.of("search"))));
      store.put(Entity.of(EntityTypes.INTERACTIONS, turn("i3", 2, "Quire's answer")));

      Instant syncedAt = f.clock().advance(Duration.ofMinutes(5));
      String pushed = Sync.of(store).syncConversation("conv1");
      assertEquals(Git.run(hub, "rev-parse", "main").strip(), pushed, "the commit pushed is the repository's head");
      Entity merged = store.require(EntityTypes.CONVERSATIONS, "conv1");
      assertEquals("Trip plan (Lisbon)", merged.getString("title"), "the browser's rename");
      assertEquals(List.of("search"), merged.getMap("metadata").get("enabledTools"), "Quire's edit");
      assertEquals(syncedAt, merged.getDate("lastSyncedAt"), "stamped by the store's clock");
      assertEquals(List.of("i1", "i2", "i3"), store.interactions("conv1").stream().map(Entity::id).toList(),
          "no interaction lost");
      Entity repo = store.require(EntityTypes.SYNC_REPOS, "repo1");
      assertEquals(syncedAt, repo.getDate("lastPushedAt"));
      assertEquals(null, repo.get("lastSyncError"));

      // the repository: LiteChat's format and commit message, every turn
      Git.run(browser, "pull", "-q", "origin", "main");
      String text = Files.readString(browser.resolve(FILE));
      Object tree = new EntityCodec().readTree(Format.JSON, text.getBytes(StandardCharsets.UTF_8), FILE);
      String relaid = JsonText.of(tree);
      assertEquals(relaid.substring(0, relaid.length() - 1), text, "2-space JSON as JSON.stringify writes it");
      Map<?, ?> doc = (Map<?, ?>) tree;
      assertEquals(List.of("conversation", "interactions"), List.copyOf(doc.keySet()));
      assertTrue(!((Map<?, ?>) doc.get("conversation")).containsKey("lastSyncedAt"));
      assertEquals(3, ((List<?>) doc.get("interactions")).size());
      assertEquals("Sync conversation: Trip plan (Lisbon) (conv1)", Git.run(browser, "log", "-1", "--format=%s").strip());
      Git.fsck(hub);
      assertEquals(null, Sync.of(store).syncConversation("conv1"), "nothing new to push");
    }
  }
}
