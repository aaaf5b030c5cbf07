package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.InvalidEntityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityTest {

  @Test
  void knownFieldsComeFirstInRegistryOrderThenUnknownSorted() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("zeta", 1);
    raw.put("content", "Be brief.");
    raw.put("alpha", "x");
    raw.put("name", "Brevity");
    raw.put("id", "r1");
    Entity rule = Entity.of(EntityTypes.RULES, raw);
    assertEquals(List.of("id", "name", "content", "alpha", "zeta"), List.copyOf(rule.fields().keySet()));
  }

  @Test
  void valuesAreNormalized() {
    Entity c = Entity.of(EntityTypes.CONVERSATIONS, Map.of("id", "c1", "title", "T",
        "createdAt", "2025-03-01T14:00:00+02:00", "updatedAt", 1740832496789L,
        "metadata", Map.of("toolMaxStepsOverride", 5, "extra", Map.of("b", 2.0, "a", 0.5))));
    assertEquals(Instant.parse("2025-03-01T12:00:00Z"), c.getDate("createdAt"));
    assertEquals(Instant.parse("2025-03-01T12:34:56.789Z"), c.getDate("updatedAt"));
    Map<String, Object> metadata = c.getMap("metadata");
    assertEquals(5L, metadata.get("toolMaxStepsOverride"));
    @SuppressWarnings("unchecked")
    Map<String, Object> extra = (Map<String, Object>) metadata.get("extra");
    assertEquals(List.of("a", "b"), List.copyOf(extra.keySet()));
    assertEquals(2L, extra.get("b"), "integral numbers are integers, as in JavaScript");
    assertEquals(0.5, extra.get("a"));
  }

  @Test
  void wrongTypesNameTheFieldPath() {
    Map<String, Object> step = Map.of("id", "s3", "type", 42);
    InvalidEntityException e = assertThrows(InvalidEntityException.class, () ->
        Entity.of(EntityTypes.WORKFLOWS, Map.of("id", "w1", "name", "W",
            "steps", List.of(Map.of("id", "s1", "type", "trigger"), Map.of("id", "s2", "type", "prompt"), step))));
    assertEquals("workflows w1: $.steps[2].type: expected a string, found a number (42)", e.getMessage());
    assertEquals("$.steps[2].type", e.fieldPath());

    e = assertThrows(InvalidEntityException.class, () -> Entity.of(EntityTypes.WORKFLOWS,
        Map.of("id", "w1", "name", "W", "steps", List.of(Map.of("id", "s1", "type", "parallel",
            "parallelStep", Map.of("id", "s1a", "type", List.of()))))));
    assertEquals("$.steps[0].parallelStep.type", e.fieldPath());

    e = assertThrows(InvalidEntityException.class, () -> Entity.of(EntityTypes.INTERACTIONS,
        Map.of("id", "i1", "conversationId", "c1", "index", 0, "type", "message.user_assistant",
            "prompt", Map.of("id", "p", "content", "hi", "metadata",
                Map.of("attachedFiles", List.of(Map.of("name", "a.txt", "size", "12")))))));
    assertEquals("interactions i1: $.prompt.metadata.attachedFiles[0].size: expected a number,"
        + " found a string (\"12\")", e.getMessage());
  }

  @Test
  void missingOrUnusableIdIsRefused() {
    assertEquals("rules (without id): $.id: missing; every Rule needs id",
        assertThrows(InvalidEntityException.class,
            () -> Entity.of(EntityTypes.RULES, Map.of("name", "x"))).getMessage());
    assertEquals("rules (without id): $.id: expected a string, found a number (7)",
        assertThrows(InvalidEntityException.class,
            () -> Entity.of(EntityTypes.RULES, Map.of("id", 7))).getMessage());
    assertEquals("rules (empty id): $.id: must not be empty",
        assertThrows(InvalidEntityException.class,
            () -> Entity.of(EntityTypes.RULES, Map.of("id", ""))).getMessage());
    assertEquals("settings (without key): $.key: missing; every AppState needs key",
        assertThrows(InvalidEntityException.class,
            () -> Entity.of(EntityTypes.SETTINGS, Map.of("value", 1))).getMessage());
  }

  @Test
  void nullIsAcceptedOnlyWhereLiteChatAllowsIt() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("id", "c1");
    raw.put("title", "T");
    raw.put("projectId", null);
    assertTrue(Entity.of(EntityTypes.CONVERSATIONS, raw).has("projectId"));
    raw.put("title", null);
    assertEquals("conversations c1: $.title: must not be null (expected a string)",
        assertThrows(InvalidEntityException.class, () -> Entity.of(EntityTypes.CONVERSATIONS, raw)).getMessage());
  }

  @Test
  void nonFiniteNumbersAndForeignObjectsAreRefused() {
    assertEquals("$.value", assertThrows(InvalidEntityException.class, () ->
        Entity.of(EntityTypes.SETTINGS, Map.of("key", "k", "value", Double.NaN))).fieldPath());
    assertEquals("settings k: $.value: cannot store a java.lang.Thread; use strings, numbers,"
        + " booleans, lists and maps", assertThrows(InvalidEntityException.class, () ->
        Entity.of(EntityTypes.SETTINGS, Map.of("key", "k", "value", new Thread()))).getMessage());
  }

  @Test
  void withAndWithoutMakeNewValues() {
    Entity tag = Entity.of(EntityTypes.TAGS, Map.of("id", "t1", "name", "a"));
    Entity renamed = tag.with("name", "b");
    assertEquals("a", tag.getString("name"));
    assertEquals("b", renamed.getString("name"));
    assertNotEquals(tag, renamed);
    assertEquals(tag, renamed.with("name", "a"));
    assertEquals(tag.hashCode(), renamed.with("name", "a").hashCode());
    assertEquals(false, renamed.without("name").has("name"));
    assertThrows(UnsupportedOperationException.class, () -> tag.fields().put("x", 1));
    assertThrows(InvalidEntityException.class, () -> tag.without("id"));
  }

  @Test
  void deepNestingAndCyclesAreRefused() {
    Map<String, Object> deep = new LinkedHashMap<>();
    Map<String, Object> cursor = deep;
    for (int i = 0; i < 200; i++) {
      Map<String, Object> next = new LinkedHashMap<>();
      cursor.put("n", next);
      cursor = next;
    }
    InvalidEntityException e = assertThrows(InvalidEntityException.class,
        () -> Entity.of(EntityTypes.SETTINGS, Map.of("key", "k", "value", deep)));
    assertEquals("settings k: $.value" + ".n".repeat(100) + ": nested more than 100 levels deep", e.getMessage());
  }

  @Test
  void registryDescribesEveryTable() {
    assertEquals(16, EntityTypes.all().size());
    assertEquals(15, EntityTypes.versioned().size());
    assertEquals(List.of("value"), EntityTypes.API_KEYS.secretFields());
    assertEquals(List.of("password"), EntityTypes.SYNC_REPOS.secretFields());
    assertEquals(List.of(List.of("tagId", "ruleId")), EntityTypes.TAG_RULE_LINKS.uniques());
    assertEquals(List.of(List.of("name"), List.of("url")), EntityTypes.MARKETPLACE_SOURCES.uniques());
    assertEquals(List.of("createdAt", "updatedAt", "lastSyncedAt"), EntityTypes.CONVERSATIONS.dateFields());
    assertEquals(List.of(SortKey.desc("updatedAt")), EntityTypes.CONVERSATIONS.order());
    assertEquals(EntityTypes.PROMPT_TEMPLATES, EntityTypes.find("promptTemplates").orElseThrow());
    assertEquals(EntityTypes.PROMPT_TEMPLATES, EntityTypes.find("prompt-templates").orElseThrow());
    for (EntityType t : EntityTypes.all()) {
      assertEquals(t.idField(), t.shape().fields().get(0).name(), t + ": the id field comes first");
      for (String index : t.indexes()) {
        assertTrue(t.shape().field(index) != null, t + ": index on unknown field " + index);
      }
      for (List<String> unique : t.uniques()) {
        unique.forEach(f -> assertTrue(t.shape().field(f) != null, t + ": unique on unknown field " + f));
      }
    }
  }
}
