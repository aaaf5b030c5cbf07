package dev.quire.internal.index;

import dev.quire.model.EntityType;
import dev.quire.model.Placement;
import dev.quire.model.SortKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one type at the index's commit: by path, by parent for a grouped type
 * (interactions by conversation), and in the type's listing order, sorted once and then moved
 * row by row as commits change them. Lists handed out are never changed afterwards.
 */
final class TypeRows {
  final EntityType type;
  final List<String> keys;
  private final Comparator<Row> order;
  private final Map<String, Row> byPath = new LinkedHashMap<>(); // in the order the file gave
  private final Map<String, Map<String, Row>> byParent = new HashMap<>();
  private List<Row> sorted;
  private final Map<String, List<Row>> sortedChildren = new HashMap<>();
  private final Map<Integer, List<Row>> byInstant = new HashMap<>();

  TypeRows(EntityType type, List<String> keys) {
    this.type = type;
    this.keys = keys;
    this.order = order(type, keys);
  }

  int size() {
    return byPath.size();
  }

  Collection<Row> rows() {
    return byPath.values();
  }

  /**
   * The rows in the listing order when it is known, else as they are: the file keeps them so,
   * and sorting rows that are in order already costs one comparison each.
   */
  Collection<Row> rowsForSaving() {
    List<Row> known = sorted;
    return known != null && known.size() == byPath.size() ? known : byPath.values();
  }

  void put(Row row) {
    Row old = byPath.put(row.path(), row);
    if (old != null) {
      forget(old);
    }
    if (type.placement() == Placement.GROUPED && row.parentId() != null) {
      byParent.computeIfAbsent(row.parentId(), p -> new HashMap<>()).put(row.path(), row);
      sortedChildren.remove(row.parentId());
    }
    changed(old, row);
  }

  void remove(String path) {
    Row old = byPath.remove(path);
    if (old != null) {
      forget(old);
      changed(old, null);
    }
  }

  /**
   * Moves the orders kept for reading from {@code old} to {@code added} (either may be null):
   * a copy of each with the one row taken out and put in at its place, by binary search, so
   * that a read after a commit costs a copy, not a sort; an order that cannot be moved so is
   * sorted again on its next use.
   */
  private void changed(Row old, Row added) {
    sorted = sorted == null ? null : moved(sorted, order, old, added);
    for (Map.Entry<Integer, List<Row>> e : byInstant.entrySet()) {
      int k = e.getKey();
      e.setValue(moved(e.getValue(), instantOrder(k), old != null && old.values()[k] instanceof java.time.Instant ? old : null,
          added != null && added.values()[k] instanceof java.time.Instant ? added : null));
    }
    byInstant.values().removeIf(java.util.Objects::isNull);
  }

  private static List<Row> moved(List<Row> list, Comparator<Row> order, Row old, Row added) {
    List<Row> next = new ArrayList<>(list.size() + 1);
    next.addAll(list);
    if (old != null) {
      int i = java.util.Collections.binarySearch(next, old, order);
      if (i < 0 || next.get(i) != old) {
        return null;
      }
      next.remove(i);
    }
    if (added != null) {
      int i = java.util.Collections.binarySearch(next, added, order);
      next.add(i < 0 ? -i - 1 : i, added);
    }
    return java.util.Collections.unmodifiableList(next);
  }

  private void forget(Row old) {
    if (old.parentId() == null) {
      return;
    }
    Map<String, Row> siblings = byParent.get(old.parentId());
    if (siblings != null) {
      siblings.remove(old.path());
      if (siblings.isEmpty()) {
        byParent.remove(old.parentId());
      }
    }
    sortedChildren.remove(old.parentId());
  }

  List<Row> sorted() {
    if (sorted == null) {
      List<Row> all = new ArrayList<>(byPath.values());
      all.sort(order);
      sorted = List.copyOf(all);
    }
    return sorted;
  }

  List<Row> children(String parentId) {
    return sortedChildren.computeIfAbsent(parentId, p -> {
      Map<String, Row> rows = byParent.get(p);
      if (rows == null) {
        return List.of();
      }
      List<Row> all = new ArrayList<>(rows.values());
      all.sort(order);
      return List.copyOf(all);
    });
  }

  /** The rows whose kept value {@code k} is an instant (a date), by that instant, then id. */
  List<Row> byInstant(int k) {
    return byInstant.computeIfAbsent(k, key -> {
      List<Row> with = new ArrayList<>();
      for (Row r : byPath.values()) {
        if (r.values()[k] instanceof java.time.Instant) {
          with.add(r);
        }
      }
      with.sort(instantOrder(k));
      return List.copyOf(with);
    });
  }

  private static Comparator<Row> instantOrder(int k) {
    return Comparator.<Row, java.time.Instant>comparing(r -> (java.time.Instant) r.values()[k]).thenComparing(Row::id);
  }

  /** The position of a field among the kept values, or -1 when the index does not keep it. */
  int key(String field) {
    return keys.indexOf(field);
  }

  /** The type's listing order on rows, as {@code Ordering} sorts entities: ties by id, nulls last. */
  private static Comparator<Row> order(EntityType type, List<String> keys) {
    Comparator<Row> c = null;
    for (SortKey k : type.order()) {
      int i = keys.indexOf(k.field());
      Comparator<Row> byKey = (a, b) -> ValueOrder.compare(a.values()[i], b.values()[i], k.descending());
      c = c == null ? byKey : c.thenComparing(byKey);
    }
    Comparator<Row> byId = Comparator.comparing(Row::id);
    return c == null ? byId : c.thenComparing(byId);
  }
}
