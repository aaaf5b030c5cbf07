package dev.quire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.codec.EntityCodec;
import dev.quire.layout.StoreFolder;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.SecretRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled sample store is valid, canonical, and shows what the README promises. */
class SampleRepoTest {
  private static final EntityCodec CODEC = new EntityCodec();
  private static StoreFolder store;
  private static List<Entity> entities;

  @BeforeAll
  static void load() {
    store = StoreFolder.open(Path.of("sample-repo"));
    entities = store.entityFiles().stream().map(f -> store.read(f, CODEC)).toList();
  }

  @Test
  void everyFileDecodesAndReencodesToTheSameBytes() {
    assertEquals(List.of(), store.check(CODEC, List.of()));
    assertTrue(store.entityFiles().stream().anyMatch(f -> f.endsWith(".json")), "one file shows JSON");
  }

  @Test
  void everyVersionedTypeIsPresent() {
    Set<EntityType> present = entities.stream().map(Entity::type).collect(Collectors.toSet());
    for (EntityType t : EntityTypes.versioned()) {
      assertTrue(present.contains(t), "no " + t + " in sample-repo");
    }
  }

  @Test
  void projectsNestTwoLevelsDeep() {
    Map<String, Entity> projects = byId(EntityTypes.PROJECTS);
    assertTrue(projects.values().stream().anyMatch(p -> {
      Entity parent = projects.get(p.getString("parentId"));
      return parent != null && projects.containsKey(parent.getString("parentId"));
    }));
  }

  @Test
  void conversationsShowRealInteractions() {
    List<Entity> interactions = of(EntityTypes.INTERACTIONS);
    Map<String, Long> perConversation = interactions.stream()
        .collect(Collectors.groupingBy(Entity::parentId, Collectors.counting()));
    assertTrue(perConversation.size() >= 3);
    assertTrue(perConversation.values().stream().anyMatch(n -> n >= 5));
    assertTrue(byId(EntityTypes.CONVERSATIONS).keySet().containsAll(perConversation.keySet()));
    assertTrue(any(interactions, i -> String.valueOf(i.get("response")).contains("```java")));
    assertTrue(any(interactions, i -> i.getMap("metadata") != null && i.getMap("metadata").get("toolCalls") != null));
    assertTrue(any(interactions, i -> "ERROR".equals(i.getString("status"))));
    assertTrue(any(interactions, i -> i.getMap("prompt") != null
        && String.valueOf(i.getMap("prompt").get("metadata")).contains("contentBase64")),
        "an attachment (its content stored apart in v2, read back inline)");
  }

  @Test
  void templatesWorkflowsRulesAndTagsAreLinked() {
    List<Entity> templates = of(EntityTypes.PROMPT_TEMPLATES);
    assertEquals(Set.of("prompt", "agent", "task"),
        templates.stream().map(t -> t.getString("type")).collect(Collectors.toSet()));
    assertTrue(any(templates, t -> t.getList("variables") != null && !t.getList("variables").isEmpty()));
    assertTrue(of(EntityTypes.WORKFLOWS).get(0).getList("steps").size() >= 3);
    Map<String, Entity> tags = byId(EntityTypes.TAGS);
    Map<String, Entity> rules = byId(EntityTypes.RULES);
    for (Entity link : of(EntityTypes.TAG_RULE_LINKS)) {
      assertTrue(tags.containsKey(link.getString("tagId")) && rules.containsKey(link.getString("ruleId")));
    }
  }

  @Test
  void settingsHoldMcpServersAndSecretsAreReferencesOnly() {
    Entity mcp = byId(EntityTypes.SETTINGS).get("settings:mcpServers");
    assertTrue(mcp.get("value") instanceof List<?> l && !l.isEmpty());
    for (Entity key : of(EntityTypes.API_KEYS)) {
      assertTrue(SecretRef.isReference(key.get("value")), key.id());
    }
    for (Entity repo : of(EntityTypes.SYNC_REPOS)) {
      Object password = repo.get("password");
      assertTrue(password == null || SecretRef.isReference(password), repo.id());
    }
  }

  private static List<Entity> of(EntityType type) {
    return entities.stream().filter(e -> e.type() == type).toList();
  }

  private static Map<String, Entity> byId(EntityType type) {
    return of(type).stream().collect(Collectors.toMap(Entity::id, e -> e));
  }

  private static boolean any(List<Entity> list, Predicate<Entity> p) {
    return list.stream().anyMatch(p);
  }
}
