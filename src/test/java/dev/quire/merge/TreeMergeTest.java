package dev.quire.merge;

import dev.quire.codec.EntityCodec;
import dev.quire.layout.Layout;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class TreeMergeTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static TreeMerge.Outcome merge(String path, byte[] base, byte[] ours, byte[] theirs) {
    SortedMap<String, TreeMerge.Versions> paths = new TreeMap<>();
    paths.put(path, new TreeMerge.Versions(base, ours, theirs));
    return TreeMerge.merge(Layout.forVersion(2), new EntityCodec(), paths);
  }

  @Test
  void textProjectFilesMergeLineByLine() {
    TreeMerge.Outcome o = merge("files/p1/notes.md", b("a\nb\nc\nd\ne\n"), b("A\nb\nc\nd\ne\n"), b("a\nb\nc\nd\nE\n"));
    assertEquals(0, o.conflicts());
    assertEquals("A\nb\nc\nd\nE\n", new String(o.changes().get("files/p1/notes.md"), StandardCharsets.UTF_8));
  }

  @Test
  void binaryOrOverlappingFilesKeepBothAndRecordTheConflictTheSameEitherWay() {
    byte[] base = {0, 1, 2};
    byte[] ours = {0, 1, 3};
    byte[] theirs = {0, 1, 4};
    TreeMerge.Outcome o = merge("files/p1/logo.png", base, ours, theirs);
    TreeMerge.Outcome reverse = merge("files/p1/logo.png", base, theirs, ours);
    assertEquals(1, o.conflicts());
    assertTrue(o.changes().keySet().stream().anyMatch(p -> p.startsWith("files/p1/logo.png.conflict-")), o.changes().keySet().toString());
    assertArrayEquals(theirs, o.changes().get("files/p1/logo.png"), "the greater version stays at the path");
    assertEquals(reverse.changes().keySet().stream().filter(p -> !p.equals("files/p1/logo.png")).toList(),
        o.changes().keySet().stream().filter(p -> !p.equals("files/p1/logo.png")).toList());
    TreeMerge.Outcome text = merge("files/p1/a.txt", b("x\n"), b("y\n"), b("z\n"));
    assertEquals(1, text.conflicts(), "overlapping text edits: both kept");
  }
}
