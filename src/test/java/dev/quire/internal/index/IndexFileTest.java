package dev.quire.internal.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.quire.layout.Layout;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read index's file keeps every row and every kind of kept value, and refuses what it cannot trust. */
class IndexFileTest {
  @TempDir
  Path dir;

  private static ObjectId id(int n) {
    return ObjectId.fromString(String.format("%040x", n + 1));
  }

  private static ReadIndex index() {
    ReadIndex index = ReadIndex.empty(Layout.forVersion(2));
    Map<String, Entity> entities = Map.of(
        "v2/mods/m1.yaml", Entity.of(EntityTypes.MODS, Map.of("id", "m1", "name", "One", "enabled", true, "loadOrder", 2)),
        "v2/mods/m2.yaml", Entity.of(EntityTypes.MODS, Map.of("id", "m2", "name", "Two", "enabled", false, "loadOrder", 1.5)),
        "v2/mods/m3.yaml", Entity.of(EntityTypes.MODS, Map.of("id", "m3", "name", "Three", "loadOrder",
            new BigInteger("123456789012345678901234567890"))),
        "v2/mods/m4.yaml", Entity.of(EntityTypes.MODS, Map.of("id", "m4", "name", "Four", "createdAt", "2026-05-01T10:00:00Z")));
    List<ReadIndex.Change> changes = new java.util.ArrayList<>();
    int n = 0;
    for (String path : new java.util.TreeSet<>(entities.keySet())) {
      changes.add(new ReadIndex.Change(path, id(n++)));
    }
    index.moveTo(id(99), changes, (path, blob) -> entities.get(path));
    return index;
  }

  @Test
  void aSavedIndexLoadsWithTheSameRowsAndValues() throws IOException {
    ReadIndex saved = index();
    Path file = dir.resolve("read-index");
    IndexFile.save(saved, file);
    ReadIndex loaded = IndexFile.load(file, Layout.forVersion(2));
    assertEquals(id(99), loaded.at());
    List<Row> a = saved.sorted(EntityTypes.MODS);
    List<Row> b = loaded.sorted(EntityTypes.MODS);
    assertEquals(List.of("m2", "m1", "m3", "m4"), b.stream().map(Row::id).toList(), "by loadOrder, nulls last");
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).path(), b.get(i).path());
      assertEquals(a.get(i).blob(), b.get(i).blob());
      assertArrayEquals(a.get(i).values(), b.get(i).values(), a.get(i).id());
    }
    assertEquals(List.of("m2"), loaded.matching(EntityTypes.MODS, "enabled", false).stream().map(Row::id).toList());
  }

  @Test
  void aFileThatCannotBeTrustedIsNotLoaded() throws IOException {
    Path file = dir.resolve("read-index");
    IndexFile.save(index(), file);
    assertNull(IndexFile.load(file, Layout.forVersion(1)), "another schema version");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertNull(IndexFile.load(file, Layout.forVersion(2)), "a flipped bit");
    Files.write(file, new byte[0]);
    assertNull(IndexFile.load(file, Layout.forVersion(2)), "empty");
    assertNull(IndexFile.load(dir.resolve("missing"), Layout.forVersion(2)), "missing");
  }
}
