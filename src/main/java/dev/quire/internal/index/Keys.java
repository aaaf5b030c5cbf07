package dev.quire.internal.index;

import dev.quire.model.EntityType;
import dev.quire.model.SortKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields the read index keeps for a type: its listing order's fields, then its look-up
 * fields (LiteChat's indexes) and unique fields; in this order, without repeats.
 */
public final class Keys {
  private Keys() {}

  public static List<String> of(EntityType type) {
    Set<String> keys = new LinkedHashSet<>();
    for (SortKey k : type.order()) {
      keys.add(k.field());
    }
    keys.addAll(type.indexes());
    type.uniques().forEach(keys::addAll);
    return List.copyOf(new ArrayList<>(keys));
  }
}
