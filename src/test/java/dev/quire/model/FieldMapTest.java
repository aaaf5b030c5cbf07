package dev.quire.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compact field map behaves as an unmodifiable LinkedHashMap with the same entries. */
class FieldMapTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 8, 9, 16, 17, 300})
  void actsLikeAnUnmodifiableLinkedHashMap(int size) {
    LinkedHashMap<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      expected.put("k" + (size - i) * 7, i % 5 == 0 ? null : "v" + i); // not sorted, some nulls
    }
    FieldMap map = new FieldMap(expected.keySet().toArray(new String[0]), expected.values().toArray());

    assertEquals(expected, map);
    assertEquals(map, expected);
    assertEquals(expected.hashCode(), map.hashCode());
    assertEquals(expected.toString(), map.toString());
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(map.keySet()), "order kept");
    assertEquals(new ArrayList<>(expected.values()), new ArrayList<>(map.values()));
    assertEquals(size, map.size());
    assertEquals(size == 0, map.isEmpty());
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      assertTrue(map.containsKey(new String(e.getKey())), "found by equal keys, not only the same object");
      assertEquals(e.getValue(), map.get(new String(e.getKey())));
    }
    assertFalse(map.containsKey("missing"));
    assertNull(map.get("missing"));
    assertNull(map.get(42));
    assertEquals("d", map.getOrDefault("missing", "d"));
    List<String> seen = new ArrayList<>();
    map.forEach((k, v) -> seen.add(k + "=" + v));
    assertEquals(expected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(), seen);

    assertThrows(UnsupportedOperationException.class, () -> map.put("x", 1));
    assertThrows(UnsupportedOperationException.class, () -> map.clear());
    assertThrows(UnsupportedOperationException.class, () -> map.putIfAbsent("x", 1));
    assertThrows(UnsupportedOperationException.class, () -> map.computeIfAbsent("x", k -> 1));
    assertThrows(UnsupportedOperationException.class, () -> map.merge("x", 1, (a, b) -> b));
    if (size > 0) {
      String first = expected.keySet().iterator().next();
      assertThrows(UnsupportedOperationException.class, () -> map.remove(first));
      assertThrows(UnsupportedOperationException.class, () -> map.entrySet().iterator().next().setValue("y"));
    }
    assertEquals(expected, map, "unchanged");
  }
}
