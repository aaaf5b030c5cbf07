package dev.quire.merge;

import static dev.quire.testing.Fixture.entity;
import static dev.quire.testing.Fixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.layout.Layout;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The checks after a merge, on plain data: no store, no Git. */
class MergeRepairsTest {
  private final Layout layout = Layout.forVersion(2);
  private final EntityCodec codec = new EntityCodec();
  private final MergeRepairs repairs = new MergeRepairs(layout, codec);

  /** The merged-into side: entity files by path. */
  private MergeRepairs.Side side(Entity... entities) {
    SortedMap<String, Entity> files = new TreeMap<>();
    for (Entity e : entities) {
      files.put(layout.pathOf(e, Format.YAML).path(), e);
    }
    return new MergeRepairs.Side() {
      @Override
      public SortedMap<String, Entity> entities(String folder) {
        return files.subMap(folder + "/", folder + "0");
      }

      @Override
      public boolean has(EntityType type, String id) {
        return files.values().stream().anyMatch(e -> e.type() == type && e.id().equals(id));
      }
    };
  }

  private byte[] file(Entity e) {
    return codec.encode(e, Format.YAML);
  }

  @Test
  void ofTwoNewRulesWithOneNameTheSmallerIdKeepsItAndTheOtherIsRenamedAndRecorded() {
    Entity ours = rule("rB", "Short answers");
    Entity theirs = rule("rA", "Short answers");
    SortedMap<String, byte[]> changes = new TreeMap<>(Map.of(layout.pathOf(theirs, Format.YAML).path(), file(theirs)));
    assertEquals(1, repairs.repairUniques(side(ours), changes));
    String oursPath = layout.pathOf(ours, Format.YAML).path();
    Entity renamed = layout.decode(oursPath, changes.get(oursPath), codec);
    assertEquals("Short answers (rB)", renamed.getString("name"));
    String record = new String(changes.get(TreeMerge.recordPath(oursPath)), StandardCharsets.UTF_8);
    assertTrue(record.contains("rA keeps \"Short answers\", this one became \"Short answers (rB)\""), record);
  }

  @Test
  void aLinkToARuleTheMergeDeletesIsRecordedNotChanged() {
    Entity rule = rule("r1", "Brief");
    Entity link = entity(EntityTypes.TAG_RULE_LINKS, "id", "l1", "tagId", "t1", "ruleId", "r1");
    SortedMap<String, byte[]> changes = new TreeMap<>();
    changes.put(layout.pathOf(rule, Format.YAML).path(), null); // the other side deleted the rule
    assertEquals(1, repairs.recordDanglingReferences(side(rule, link), changes));
    String linkPath = layout.pathOf(link, Format.YAML).path();
    assertNull(changes.get(linkPath), "the link itself is left as it is");
    String record = new String(changes.get(TreeMerge.recordPath(linkPath)), StandardCharsets.UTF_8);
    assertTrue(record.contains("ruleId \"r1\" points to no rules"), record);
  }
}
