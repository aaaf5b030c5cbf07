package dev.quire.internal.index;

import dev.quire.model.Entity;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * One entity file in the read index: where it is, which blob it holds, its id and parent id,
 * and the values of its type's {@link Keys} (as the entity holds them: strings, numbers,
 * booleans, dates as instants; anything else, such as a list, as null).
 */
public record Row(String path, ObjectId blob, String id, String parentId, Object[] values) {

  /** The row of an entity read from {@code path}. */
  static Row of(String path, ObjectId blob, Entity e, List<String> keys) {
    Object[] values = new Object[keys.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = scalar(e.get(keys.get(i)));
    }
    return new Row(path, blob.copy(), e.id(), e.parentId(), values);
  }

  static Object scalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof java.time.Instant ? v : null;
  }
}
