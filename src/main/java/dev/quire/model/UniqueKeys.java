package dev.quire.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The unique constraints of the entity types ({@link EntityType#uniques()}), checked one way by
 * every place that checks them: a commit, {@code quire validate} and a merge's repair.
 */
public final class UniqueKeys {
  private UniqueKeys() {}

  /** Two items whose entities have the same values of a unique constraint's fields. */
  public record Clash<T>(List<String> fields, List<Object> values, T first, T second) {
    /** The values as a message shows them: {@code "Short answers"}, or {@code [t1, r1]} for several fields. */
    public String describe() {
      return values.size() == 1 ? "\"" + values.get(0) + "\"" : values.toString();
    }
  }

  /** The values of {@code fields} in {@code e}, or null when one is absent (then it takes part in no constraint). */
  public static List<Object> key(Entity e, List<String> fields) {
    List<Object> values = new ArrayList<>(fields.size());
    for (String f : fields) {
      Object v = e.get(f);
      if (v == null) {
        return null;
      }
      values.add(v);
    }
    return values;
  }

  /**
   * Every clash of {@code items} (in their order) over the constraints of {@code type}: for
   * each item whose key is already taken, the item that took it first and this one.
   */
  public static <T> List<Clash<T>> clashes(EntityType type, Iterable<T> items, Function<T, Entity> entity) {
    List<Clash<T>> out = new ArrayList<>();
    for (List<String> fields : type.uniques()) {
      out.addAll(clashes(fields, items, entity));
    }
    return out;
  }

  /** The clashes of {@code items} (in their order) over one unique constraint, {@code fields}. */
  public static <T> List<Clash<T>> clashes(List<String> fields, Iterable<T> items, Function<T, Entity> entity) {
    List<Clash<T>> out = new ArrayList<>();
    Map<List<Object>, T> seen = new HashMap<>();
    for (T item : items) {
      List<Object> key = key(entity.apply(item), fields);
      if (key != null) {
        T first = seen.putIfAbsent(key, item);
        if (first != null) {
          out.add(new Clash<>(fields, key, first, item));
        }
      }
    }
    return out;
  }
}
