package dev.quire.internal.index;

import dev.quire.StoreException;
import dev.quire.layout.EntityPath;
import dev.quire.layout.Layout;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The read index of one commit ({@link #at}): the {@link Row}s of every entity file, per type.
 * Moved to another commit by the tree diff between the two ({@link #moveTo}), which decodes
 * only the files that changed. Not thread-safe: its keeper serializes access, and the lists it
 * hands out are never changed afterwards. Persisted by {@link IndexFile}.
 */
public final class ReadIndex {
  /** Decodes the entity in a file of the store (the engine's cached decoding). */
  public interface Decoder {
    Entity decode(String path, ObjectId blob);
  }

  /** One changed path between two commits. */
  public record Change(String path, ObjectId newBlob) {}

  private final Layout layout;
  private ObjectId at;
  private final Map<EntityType, TypeRows> types = new HashMap<>();
  /** Types of a loaded file not read yet: parsed on first use. */
  final Map<EntityType, IndexFile.Section> unread = new HashMap<>();

  ReadIndex(Layout layout, ObjectId at) {
    this.layout = layout;
    this.at = at;
  }

  /** An empty index of {@code commit}, to be filled by {@link #moveTo} from the empty tree. */
  public static ReadIndex empty(Layout layout) {
    return new ReadIndex(layout, null);
  }

  /** The commit this index describes (null: the empty tree). */
  public ObjectId at() {
    return at;
  }

  public Layout layout() {
    return layout;
  }

  /**
   * Moves the index to {@code commit}, given the paths that differ from {@link #at} (a deleted
   * path has a null blob). A file that does not decode is left out, as a listing leaves it out.
   */
  public void moveTo(ObjectId commit, List<Change> changes, Decoder decoder) {
    for (Change c : changes) {
      EntityPath p;
      try {
        p = layout.parse(c.path()).orElse(null);
      } catch (StoreException e) {
        p = null; // a misplaced file: not an entity, as for a listing
      }
      if (p == null || !p.type().isVersioned()) {
        continue;
      }
      TypeRows rows = rows(p.type());
      rows.remove(c.path());
      if (c.newBlob() != null) {
        try {
          rows.put(Row.of(c.path(), c.newBlob(), decoder.decode(c.path(), c.newBlob()), rows.keys));
        } catch (StoreException e) {
          // a file that does not decode is reported by the reads that scan; it lists as nothing
        }
      }
    }
    this.at = commit == null ? null : commit.copy();
  }

  TypeRows rows(EntityType type) {
    TypeRows rows = types.get(type);
    if (rows == null) {
      IndexFile.Section section = unread.remove(type);
      rows = section != null ? section.read(type) : new TypeRows(type, Keys.of(type));
      types.put(type, rows);
    }
    return rows;
  }

  /** Every type's rows, read (for saving). */
  Map<EntityType, TypeRows> all() {
    for (EntityType t : List.copyOf(unread.keySet())) {
      rows(t);
    }
    return types;
  }

  /** The rows of a type in its listing order. */
  public List<Row> sorted(EntityType type) {
    return rows(type).sorted();
  }

  /** The rows of a grouped type under one parent (a conversation's interactions), in order. */
  public List<Row> children(EntityType type, String parentId) {
    return rows(type).children(parentId);
  }

  /** The rows whose {@code field} equals {@code value}, in listing order; null when the index does not keep the field. */
  public List<Row> matching(EntityType type, String field, Object value) {
    TypeRows rows = rows(type);
    int k = rows.key(field);
    if (k < 0 || !(value == null || Row.scalar(value) != null)) {
      return null;
    }
    List<Row> out = new ArrayList<>();
    for (Row r : rows.sorted()) {
      if (Objects.equals(r.values()[k], value)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The rows whose date field {@code field} is in {@code [from, to)}, by that date (then id);
   * null when the index does not keep the field.
   */
  public List<Row> between(EntityType type, String field, java.time.Instant from, java.time.Instant to) {
    TypeRows rows = rows(type);
    int k = rows.key(field);
    if (k < 0) {
      return null;
    }
    List<Row> sorted = rows.byInstant(k);
    return sorted.subList(firstAtOrAfter(sorted, k, from), firstAtOrAfter(sorted, k, to));
  }

  private static int firstAtOrAfter(List<Row> sorted, int k, java.time.Instant t) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (((java.time.Instant) sorted.get(mid).values()[k]).isBefore(t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Every row of a type, in no particular order (a copy). */
  public List<Row> all(EntityType type) {
    return List.copyOf(rows(type).rows());
  }

  /** The position of a kept field of a type, or -1. */
  public int key(EntityType type, String field) {
    return rows(type).key(field);
  }

  /** How many rows the index holds (every type read). */
  public int size() {
    int n = 0;
    for (TypeRows r : all().values()) {
      n += r.size();
    }
    return n;
  }

  static EntityType typeOf(String folder) {
    return EntityTypes.find(folder).orElse(null);
  }
}
