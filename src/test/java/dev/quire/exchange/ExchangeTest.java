package dev.quire.exchange;

import static dev.quire.testing.Fixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.codec.JsonText;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.testing.Git;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeTest {
  @TempDir
  Path dir;

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final Set<ExportGroup> ALL = EnumSet.allOf(ExportGroup.class);

  private static String export(dev.quire.store.Snapshot s, Set<ExportGroup> groups) {
    StringWriter w = new StringWriter();
    FullExport.write(s, groups, AT, w);
    return w.toString();
  }

  private static FullImport.Result load(Store store, String json, Set<ExportGroup> groups, FullImport.Mode mode) {
    return FullImport.run(store, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "export.json",
        groups, mode, null);
  }

  private Store sampleStore(String name) {
    Store s = Store.init(dir.resolve(name));
    s.importFolder(Path.of("sample-repo").toAbsolutePath());
    return s;
  }

  @Test
  void sampleRepoExportImportsIntoAnEmptyStoreAndExportsTheSame() {
    try (Store sample = sampleStore("sample"); Store empty = Store.init(dir.resolve("copy"))) {
      String first = export(sample, ALL);
      int commits = empty.log(10).size();
      FullImport.Result r = load(empty, first, ALL, FullImport.Mode.REPLACE);
      assertEquals(commits + 1, empty.log(10).size(), "one commit");
      assertEquals(r.commit(), empty.commitId());
      assertEquals(first, export(empty, ALL));
      assertTrue(first.startsWith("{\n  \"version\": 1,\n  \"exportedAt\": \"2026-01-01T00:00:00.000Z\",\n  \"settings\": {\n"), first);
      // structure as LiteChat writes it: the twelve groups' keys in order, mcpServers apart
      Map<?, ?> doc = (Map<?, ?>) new EntityCodec().readTree(Format.JSON, first.getBytes(StandardCharsets.UTF_8), "x");
      assertEquals(List.of("version", "exportedAt", "settings", "apiKeys", "providerConfigs", "projects",
          "conversations", "interactions", "rules", "tags", "tagRuleLinks", "mods", "syncRepos", "mcpServers",
          "promptTemplates", "agents", "workflows"), List.copyOf(doc.keySet()));
      assertFalse(((Map<?, ?>) doc.get("settings")).containsKey("mcpServers"));
      assertEquals(2, ((List<?>) doc.get("mcpServers")).size());
      for (Object t : (List<?>) doc.get("promptTemplates")) {
        Object type = ((Map<?, ?>) t).get("type");
        assertTrue(type == null || type.equals("prompt"), "only prompt-type templates: " + t);
      }
      List<?> agents = (List<?>) doc.get("agents");
      assertEquals(List.of("agent", "task"), agents.stream().map(a -> ((Map<?, ?>) a).get("type")).toList());
      Map<?, ?> workflow = (Map<?, ?>) ((List<?>) doc.get("workflows")).get(0);
      assertTrue(workflow.get("steps") instanceof List<?>, "a WorkflowTemplate, not the stored wrapper");
      Git.fsck(dir.resolve("copy"));
    }
  }

  @Test
  void largeLiteChatShapedExportRoundTrips() {
    String generated = ExportFixtures.large(200, 10, 42);
    try (Store a = Store.init(dir.resolve("a")); Store b = Store.init(dir.resolve("b"))) {
      FullImport.Result r = load(a, generated, ALL, FullImport.Mode.REPLACE);
      assertEquals(1 + 400, r.generatedIds(), "one project and every fifth interaction had no id");
      assertEquals(List.of("someFutureGroup"), r.ignoredKeys());
      assertEquals(2000, a.list(EntityTypes.INTERACTIONS).size());
      String first = export(a, ALL);
      load(b, first, ALL, FullImport.Mode.REPLACE);
      assertEquals(first, export(b, ALL));

      // unknown fields survive at every level; dates of any form are normalized
      Entity conv = a.require(EntityTypes.CONVERSATIONS, "conv7");
      assertEquals(Map.of("deep", Map.of("deeper", List.of(7L))), conv.get("unknownTop"));
      assertEquals(7L, conv.getMap("metadata").get("futureKey"));
      Entity inter = a.require(EntityTypes.INTERACTIONS, "i7_4");
      assertEquals(List.of(true), inter.get("futureInteractionField"));
      assertEquals(4L, ((Map<?, ?>) inter.getMap("prompt").get("metadata")).get("unknownPromptMeta"));
      assertEquals(Instant.ofEpochMilli(1_740_787_200_000L + (20_000 + 700 + 4) * 1000L), inter.getDate("startedAt"));
      Entity first0 = a.interactions("conv1").get(0);
      Map<?, ?> file = (Map<?, ?>) ((List<?>) ((Map<?, ?>) first0.getMap("prompt").get("metadata")).get("attachedFiles")).get(0);
      assertEquals("x", file.get("futureFileField"));
      assertEquals(Map.of("a", 1L), ((Map<?, ?>) ((List<?>) a.require(EntityTypes.WORKFLOWS, "wf1").get("steps")).get(0)).get("futureStepField"));
      assertEquals(Map.of("nested", List.of(1L, "two", Map.of("three", true))), a.setting("someFutureSetting").orElseThrow());
      assertTrue(first.contains("\"startedAt\": \"2025-03-01T05:48:23.000Z\""), "dates written as ISO strings");
      // secrets: exported back, never in Git
      assertEquals("sk-test-SECRET-0001", a.require(EntityTypes.API_KEYS, "key1").getString("value"));
      assertTrue(first.contains("sk-test-SECRET-0001"));
      String objects = Git.run(dir.resolve("a"), "cat-file", "--batch-all-objects", "--batch");
      assertFalse(objects.contains("sk-test-SECRET-0001"));
      assertFalse(objects.contains("hunter2-SECRET"));
      Git.fsck(dir.resolve("a"));
    }
  }

  @Test
  void apiKeyValuesAreExportedOnlyWithTheApiKeysGroup() {
    try (Store s = Store.init(dir.resolve("s"))) {
      load(s, ExportFixtures.large(1, 1, 1), ALL, FullImport.Mode.REPLACE);
      String without = export(s, EnumSet.complementOf(EnumSet.of(ExportGroup.API_KEYS)));
      assertFalse(without.contains("sk-test-SECRET-0001"));
      assertFalse(without.contains("\"apiKeys\""));
      String only = export(s, EnumSet.of(ExportGroup.API_KEYS));
      assertTrue(only.contains("\"value\": \"sk-test-SECRET-0001\""), only);
    }
  }

  @Test
  void importReplacesTheImportedGroupsAsLiteChatDoes() {
    try (Store s = sampleStore("s")) {
      // an orphan task (its agent is not in any export) and a prompt template that will be replaced
      s.put(Entity.of(EntityTypes.PROMPT_TEMPLATES, map("id", "orphanTask", "name", "Orphan", "description", "",
          "variables", List.of(), "prompt", "p", "tags", List.of(), "isPublic", false, "type", "task",
          "parentId", "goneAgent")));
      int rulesBefore = s.list(EntityTypes.RULES).size();
      String doc = JsonText.of(map("version", 1, "exportedAt", "2025-01-01T00:00:00Z",
          "promptTemplates", List.of(map("id", "newPrompt", "name", "New", "description", "", "variables", List.of(),
              "prompt", "Hi", "tags", List.of(), "isPublic", true)),
          "conversations", List.of(map("id", "onlyConv", "title", "Only", "projectId", null,
              "createdAt", "2025-01-01T00:00:00Z", "updatedAt", "2025-01-01T00:00:00Z")),
          "mcpServers", List.of()));
      String before = s.commitId();
      load(s, doc, ALL, FullImport.Mode.REPLACE);
      assertEquals(before, s.log(2).get(1).commit(), "one commit on top");
      assertEquals(List.of("onlyConv"), s.conversations().stream().map(Entity::id).toList());
      assertEquals(List.of(), s.list(EntityTypes.INTERACTIONS), "conversations and interactions cleared together");
      List<String> templates = s.list(EntityTypes.PROMPT_TEMPLATES).stream().map(Entity::id).sorted().toList();
      assertTrue(templates.contains("newPrompt") && templates.contains("orphanTask"), templates.toString());
      assertTrue(templates.contains("agM7nB6vC5xZ4aS3dF2gH") && templates.contains("tkQ2wE4rT6yU8iO0pA1sD"),
          "agents and tasks are not prompt templates: " + templates);
      assertFalse(templates.contains("ptR4eW3qA2sD1fG0hJ9kL"), "the old prompt-type template is cleared");
      assertEquals(rulesBefore, s.list(EntityTypes.RULES).size(), "groups not in the file are untouched");
      assertEquals(List.of(), s.mcpServers());
      assertTrue(s.setting("theme").isPresent(), "settings were not in the file");
    }
  }

  @Test
  void agentsImportReplacesOnlyTheImportedIdsAndMergeModeClearsNothing() {
    try (Store s = sampleStore("s")) {
      String doc = JsonText.of(map("version", 1, "agents", List.of(map("id", "agM7nB6vC5xZ4aS3dF2gH", "name", "Renamed agent",
          "description", "", "variables", List.of(), "prompt", "p", "tags", List.of(), "isPublic", false, "type", "agent")),
          "rules", List.of(map("id", "extraRule", "name", "Extra", "content", "c", "type", "before")),
          "mcpServers", List.of(map("id", "mcpNew", "name", "New", "url", "http://127.0.0.1:1", "enabled", false))));
      int rules = s.list(EntityTypes.RULES).size();
      int servers = s.mcpServers().size();
      load(s, doc, ALL, FullImport.Mode.MERGE);
      assertEquals("Renamed agent", s.require(EntityTypes.PROMPT_TEMPLATES, "agM7nB6vC5xZ4aS3dF2gH").getString("name"));
      assertTrue(s.get(EntityTypes.PROMPT_TEMPLATES, "tkQ2wE4rT6yU8iO0pA1sD").isPresent(), "its task stays");
      assertEquals(rules + 1, s.list(EntityTypes.RULES).size());
      assertEquals(servers + 1, s.mcpServers().size());
      // --only: a group not selected is not touched even though it is in the file
      load(s, JsonText.of(map("version", 1, "rules", List.of(), "tags", List.of())), EnumSet.of(ExportGroup.MODS),
          FullImport.Mode.REPLACE);
      assertEquals(rules + 1, s.list(EntityTypes.RULES).size());
    }
  }

  private void refused(Store s, String json, Class<? extends StoreException> kind, String message) {
    String head = s.commitId();
    StoreException e = assertThrows(kind, () -> load(s, json, ALL, FullImport.Mode.REPLACE));
    assertEquals(message, e.getMessage());
    assertEquals(head, s.commitId(), "nothing written");
    assertEquals(List.of(), s.status(), "the working tree is untouched");
  }

  @Test
  void badFilesAreRefusedWithTheirPathAndNothingIsWritten() {
    try (Store s = sampleStore("s")) {
      int conversations = s.conversations().size();
      refused(s, "{\"version\": 1, \"conversations\": [", MalformedFileException.class,
          "export.json:1:34: invalid JSON: Unexpected end-of-input: expected close marker for Array");
      refused(s, "{\"version\": 2, \"conversations\": []}", InvalidEntityException.class,
          "export.json:1: $.version: this is a version 2 export; Quire reads LiteChat's full export version 1");
      refused(s, "{\"conversations\": []}", InvalidEntityException.class,
          "export.json: $.version: missing; a LiteChat full export has \"version\": 1");
      refused(s, "{\"version\": 1,\n \"conversations\": {\"id\": \"x\"}}", InvalidEntityException.class,
          "export.json:2: $.conversations: expected a list, found an object");
      refused(s, "{\"version\": 1, \"conversations\": [\n{\"id\": \"ok\", \"title\": \"t\"},\n \"oops\"]}",
          InvalidEntityException.class, "export.json:3: $.conversations[1]: expected an object, found a string");
      refused(s, "{\"version\": 1, \"conversations\": [{\"id\": \"ok\"},\n {\"id\": \"bad\", \"title\": {\"a\": 1}}]}",
          InvalidEntityException.class, "export.json:2: $.conversations[1].title: expected a string, found an object");
      refused(s, "{\"version\": 1, \"settings\": [1]}", InvalidEntityException.class,
          "export.json:1: $.settings: expected an object of setting names and values, found a list");
      refused(s, "{\"version\": 1, \"interactions\": [{\"id\": \"i\", \"type\": \"x\"}]}", InvalidEntityException.class,
          "export.json:1: $.interactions[0].conversationId: missing; every Interaction needs conversationId");
      refused(s, "[1, 2]", InvalidEntityException.class, "export.json:1: $: expected a JSON object, found a list");
      refused(s, "{\"version\": 1} trailing", MalformedFileException.class,
          "export.json:1:16: invalid JSON: Unrecognized token 'trailing': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
      assertEquals(conversations, s.conversations().size());
    }
  }

  @Test
  void inALongListTheFirstProblemInFileOrderIsReported() {
    // lists are read in batches of 4,096 and checked while the next batch is read
    StringBuilder json = new StringBuilder("{\"version\": 1, \"conversations\": [\n");
    for (int i = 0; i < 10_000; i++) {
      json.append(i == 5_000 ? "{\"id\": \"c5000\", \"title\": 7},\n" : "{\"id\": \"c" + i + "\", \"title\": \"t\"},\n");
    }
    try (Store s = sampleStore("s")) {
      refused(s, json + "{\"id\": \"last\"}]}", InvalidEntityException.class,
          "export.json:5002: $.conversations[5000].title: expected a string, found a number (7)");
      refused(s, json.toString(), InvalidEntityException.class, // and a syntax error after it
          "export.json:5002: $.conversations[5000].title: expected a string, found a number (7)");
      refused(s, json.toString().replace("\"title\": 7", "\"title\": \"t\""), MalformedFileException.class,
          "export.json:10002:1: invalid JSON: Unexpected end-of-input within/between Array entries");
    }
  }

  @Test
  void exportAtAnOlderRevision() {
    try (Store s = sampleStore("s")) {
      String then = s.commitId();
      String before = export(s, EnumSet.of(ExportGroup.RULES_AND_TAGS));
      s.clear(EntityTypes.RULES);
      assertNotEquals(before, export(s, EnumSet.of(ExportGroup.RULES_AND_TAGS)));
      assertEquals(before, export(s.at(then), EnumSet.of(ExportGroup.RULES_AND_TAGS)));
    }
  }

  @Test
  void oneConversationAsJsonAndMarkdownAndBackWithNewIds() {
    try (Store s = sampleStore("s")) {
      String id = "cV8bN9mQ0wE1rT2yU3iO4";
      String json = ConversationExchange.toJson(s, id);
      Map<?, ?> doc = (Map<?, ?>) new EntityCodec().readTree(Format.JSON, json.getBytes(StandardCharsets.UTF_8), "c");
      assertEquals(List.of("conversation", "interactions"), List.copyOf(doc.keySet()));
      assertEquals(6, ((List<?>) doc.get("interactions")).size());
      String md = ConversationExchange.toMarkdown(s, id);
      Entity conv = s.require(EntityTypes.CONVERSATIONS, id);
      assertTrue(md.startsWith("# " + conv.getString("title") + "\n\n- Conversation: `" + id + "`\n"), md);
      List<Entity> turns = s.interactions(id);
      String firstPrompt = ((String) turns.get(0).getMap("prompt").get("content")).strip();
      assertTrue(md.contains("## User"), md);
      assertTrue(md.indexOf(firstPrompt) < md.lastIndexOf("## Assistant"), md);

      ConversationExchange.Imported copy = ConversationExchange.importJson(s, json.getBytes(StandardCharsets.UTF_8), "c.json", false);
      assertNotEquals(id, copy.conversationId());
      List<Entity> copied = s.interactions(copy.conversationId());
      assertEquals(turns.size(), copied.size());
      for (int i = 0; i < turns.size(); i++) {
        assertNotEquals(turns.get(i).id(), copied.get(i).id());
        assertEquals(turns.get(i).get("response"), copied.get(i).get("response"));
        Object parent = copied.get(i).get("parentId");
        if (parent != null) {
          assertTrue(copied.stream().anyMatch(c -> c.id().equals(parent)), "parentId remapped into the copy");
        }
      }
      assertEquals(turns.size(), s.interactions(id).size(), "the original is untouched");

      // --keep-ids replaces the conversation as a whole
      Entity extra = Entity.of(EntityTypes.INTERACTIONS, map("id", "extraTurn", "conversationId", id, "index", 99,
          "type", "message.user_assistant", "status", "COMPLETED"));
      s.put(extra);
      ConversationExchange.importJson(s, json.getBytes(StandardCharsets.UTF_8), "c.json", true);
      assertEquals(turns, s.interactions(id));
    }
  }

  @Test
  void projectSubtreeExportsAndImportsIntoAnotherStore() {
    try (Store s = sampleStore("s"); Store t = Store.init(dir.resolve("t"))) {
      Entity child = s.list(EntityTypes.PROJECTS).stream().filter(p -> p.getString("parentId") != null).findFirst().orElseThrow();
      String root = child.getString("parentId");
      s.put(Entity.of(EntityTypes.CONVERSATIONS, map("id", "inChild", "title", "In the child", "projectId", child.id())));
      s.put(Entity.of(EntityTypes.INTERACTIONS, map("id", "turn", "conversationId", "inChild", "index", 0,
          "type", "message.user_assistant", "status", "COMPLETED")));
      StringWriter w = new StringWriter();
      ProjectExchange.write(s, root, AT, w);
      ProjectExchange.Imported r = ProjectExchange.importExport(t, new ByteArrayInputStream(
          w.toString().getBytes(StandardCharsets.UTF_8)), "p.json");
      assertEquals(List.of(root), r.rootIds());
      assertTrue(t.get(EntityTypes.PROJECTS, child.id()).isPresent());
      assertEquals("In the child", t.require(EntityTypes.CONVERSATIONS, "inChild").getString("title"));
      assertEquals(1, t.interactions("inChild").size());
      long expected = s.conversations().stream().filter(c -> t.get(EntityTypes.PROJECTS, String.valueOf(c.get("projectId"))).isPresent()).count();
      assertEquals(expected, t.conversations().size());
      assertNull(t.require(EntityTypes.PROJECTS, root).get("parentId"));
    }
  }

  @Test
  void restoreBringsADeletedConversationBackWithItsInteractions() {
    try (Store s = sampleStore("s")) {
      String id = "cV8bN9mQ0wE1rT2yU3iO4";
      List<Entity> turns = s.interactions(id);
      String before = s.commitId();
      s.delete(EntityTypes.CONVERSATIONS, id);
      assertEquals(List.of(), s.interactions(id));
      String restored = s.restore(EntityTypes.CONVERSATIONS, id, before);
      assertEquals(turns, s.interactions(id));
      assertTrue(s.get(EntityTypes.CONVERSATIONS, id).isPresent());
      List<String> history = s.history(EntityTypes.CONVERSATIONS, id).stream().map(dev.quire.store.Revision::commit).toList();
      assertEquals(restored, history.get(0));
      assertTrue(history.size() >= 3 && history.get(1).equals(s.log(2).get(1).commit()), "the delete is in the history: " + history);
      assertNull(s.restore(EntityTypes.CONVERSATIONS, id, before), "nothing left to restore");
      // a restore can itself be undone, and whole types and the whole store can be restored
      s.restore(EntityTypes.CONVERSATIONS, id, s.log(2).get(1).commit());
      assertTrue(s.get(EntityTypes.CONVERSATIONS, id).isEmpty());
      s.clear(EntityTypes.RULES);
      s.restore(EntityTypes.RULES, before);
      assertEquals(3, s.list(EntityTypes.RULES).size());
      s.clearAll();
      s.restore(before);
      assertEquals(export(s.at(before), ALL), export(s, ALL));
      Git.fsck(dir.resolve("s"));
    }
  }
}
