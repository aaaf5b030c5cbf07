package dev.quire.model;

import static dev.quire.testing.Fixture.entity;
import static dev.quire.testing.Fixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class UniqueKeysTest {
  @Test
  void theSecondEntityWithATakenKeyClashesWithTheFirst() {
    List<Entity> rules = List.of(rule("a", "Brief"), rule("b", "Long"), rule("c", "Brief"), rule("d", "Brief"));
    List<UniqueKeys.Clash<Entity>> clashes = UniqueKeys.clashes(EntityTypes.RULES, rules, e -> e);
    assertEquals(List.of("a>c", "a>d"), clashes.stream().map(c -> c.first().id() + ">" + c.second().id()).toList());
    assertEquals(List.of("name"), clashes.get(0).fields());
    assertEquals("\"Brief\"", clashes.get(0).describe());
  }

  @Test
  void anEntityWithoutTheFieldsTakesPartInNoConstraint() {
    Entity a = entity(EntityTypes.PROJECTS, "id", "p1", "name", "A", "createdAt", "2025-03-01T10:00:00Z",
        "updatedAt", "2025-03-01T10:00:00Z");
    Entity b = a.with("id", "p2");
    assertNull(UniqueKeys.key(a, List.of("path")), "no path: not part of the constraint");
    assertEquals(List.of(), UniqueKeys.clashes(EntityTypes.PROJECTS, List.of(a, b), e -> e));
    assertEquals(1, UniqueKeys.clashes(EntityTypes.PROJECTS, List.of(a.with("path", "/A"), b.with("path", "/A")),
        e -> e).size());
    Entity c = entity(EntityTypes.TAG_RULE_LINKS, "id", "l3", "tagId", "t1", "ruleId", "r1");
    Entity d = entity(EntityTypes.TAG_RULE_LINKS, "id", "l4", "tagId", "t1", "ruleId", "r1");
    assertEquals("[t1, r1]", UniqueKeys.clashes(EntityTypes.TAG_RULE_LINKS, List.of(c, d), e -> e).get(0).describe());
  }
}
