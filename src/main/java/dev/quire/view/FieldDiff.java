package dev.quire.view;

import dev.quire.model.FieldPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The difference between two versions of an entity, field by field: both versions are flattened
 * to their leaves ({@code $.title}, {@code $.metadata.model}, {@code $.steps[2].type}; an empty
 * map or list is a leaf) and every leaf that was added, removed or changed is one row, in the
 * order the fields appear (the older version's order, then the fields only the newer has).
 */
final class FieldDiff {
  /** How a field changed. */
  enum Kind {
    ADDED, REMOVED, CHANGED
  }

  /** One changed leaf; {@code before} is null when added, {@code after} when removed. */
  record Row(String path, Kind kind, Object before, Object after) {}

  private FieldDiff() {}

  /** The changed fields between two versions' fields (null: the entity did not exist). */
  static List<Row> between(Map<String, ?> before, Map<String, ?> after) {
    Map<String, Object> a = flatten(before);
    Map<String, Object> b = flatten(after);
    List<Row> rows = new ArrayList<>();
    a.forEach((path, value) -> {
      if (!b.containsKey(path)) {
        rows.add(new Row(path, Kind.REMOVED, value, null));
      } else if (!Objects.equals(value, b.get(path))) {
        rows.add(new Row(path, Kind.CHANGED, value, b.get(path)));
      }
    });
    b.forEach((path, value) -> {
      if (!a.containsKey(path)) {
        rows.add(new Row(path, Kind.ADDED, null, value));
      }
    });
    return rows;
  }

  /** The leaves of a version, by path, in the order of its fields. */
  static Map<String, Object> flatten(Map<String, ?> fields) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (fields != null) {
      fields.forEach((k, v) -> leaves(FieldPaths.child("$", k), v, out));
    }
    return out;
  }

  private static void leaves(String path, Object value, Map<String, Object> out) {
    if (value instanceof Map<?, ?> m && !m.isEmpty()) {
      m.forEach((k, v) -> leaves(FieldPaths.child(path, String.valueOf(k)), v, out));
    } else if (value instanceof List<?> l && !l.isEmpty()) {
      for (int i = 0; i < l.size(); i++) {
        leaves(path + "[" + i + "]", l.get(i), out);
      }
    } else {
      out.put(path, value);
    }
  }
}
