package dev.quire.view;

import static dev.quire.testing.Fixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldDiffTest {
  @Test
  void nestedFieldsAndListElementsAreComparedLeafByLeaf() {
    var before = map("id", "w1", "name", "Old", "steps", List.of(map("id", "s1", "type", "prompt"), map("id", "s2", "type", "transform")),
        "meta", map("a", 1, "odd key", "x"), "gone", true);
    var after = map("id", "w1", "name", "New", "steps", List.of(map("id", "s1", "type", "agent-task")),
        "meta", map("a", 1, "odd key", "y"), "added", List.of());
    assertEquals(List.of(
        new FieldDiff.Row("$.name", FieldDiff.Kind.CHANGED, "Old", "New"),
        new FieldDiff.Row("$.steps[0].type", FieldDiff.Kind.CHANGED, "prompt", "agent-task"),
        new FieldDiff.Row("$.steps[1].id", FieldDiff.Kind.REMOVED, "s2", null),
        new FieldDiff.Row("$.steps[1].type", FieldDiff.Kind.REMOVED, "transform", null),
        new FieldDiff.Row("$.meta['odd key']", FieldDiff.Kind.CHANGED, "x", "y"),
        new FieldDiff.Row("$.gone", FieldDiff.Kind.REMOVED, true, null),
        new FieldDiff.Row("$.added", FieldDiff.Kind.ADDED, null, List.of())), FieldDiff.between(before, after));
  }

  @Test
  void aVersionThatDoesNotExistIsAllAddedOrAllRemoved() {
    var v = map("id", "r1", "name", "R");
    assertEquals(List.of(new FieldDiff.Row("$.id", FieldDiff.Kind.ADDED, null, "r1"), new FieldDiff.Row("$.name", FieldDiff.Kind.ADDED, null, "R")),
        FieldDiff.between(null, v));
    assertEquals(2, FieldDiff.between(v, null).stream().filter(r -> r.kind() == FieldDiff.Kind.REMOVED).count());
    assertEquals(List.of(), FieldDiff.between(v, map("id", "r1", "name", "R")));
  }

  @Test
  void markdownEscapesRawHtmlAndDropsScriptLinks() {
    String html = Markdown.html("<script>alert(1)</script>\n\n**bold** [x](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    assertEquals(false, html.contains("<script"), html);
    assertEquals(true, html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertEquals(false, html.contains("javascript:"), html);
    assertEquals(false, html.contains("<img"), html);
    assertEquals(true, html.contains("<strong>bold</strong>") && html.contains("<table>") && html.contains("<td>2</td>"), html);
  }
}
