package dev.quire.internal.engine;

import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.SortKey;
import java.util.Comparator;

/** LiteChat's listing order for a type, from the registry; ties broken by id; nulls last. */
public final class Ordering {
  private Ordering() {}

  public static Comparator<Entity> of(EntityType type) {
    Comparator<Entity> c = null;
    for (SortKey key : type.order()) {
      Comparator<Entity> k = (a, b) -> compare(a.get(key.field()), b.get(key.field()), key.descending());
      c = c == null ? k : c.thenComparing(k);
    }
    Comparator<Entity> byId = Comparator.comparing(Entity::id);
    return c == null ? byId : c.thenComparing(byId);
  }

  private static int compare(Object a, Object b, boolean descending) {
    return dev.quire.internal.index.ValueOrder.compare(a, b, descending);
  }
}
