package dev.quire.merge;

import dev.quire.model.Entity;
import dev.quire.model.Field;
import dev.quire.model.ObjectShape;
import dev.quire.model.Shape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The three-way merge of one entity, field by field against the merge base, nested objects
 * included. A field changed on one side takes that side's value; lists the model marks as sets
 * (tag ids, rule ids) merge as sets (what one side added is added, what one side removed is
 * removed); any other value changed differently on both sides is a conflict, settled by one
 * policy — the side whose entity has the later {@code updatedAt} wins, and when that does not
 * decide, the greater value in canonical order does — and recorded. The policy is symmetric,
 * so two replicas that merge the same edits in either direction get the same entity.
 * {@code updatedAt} itself takes the later of the two times and is not a conflict.
 */
public final class EntityMerge {
  private EntityMerge() {}

  /** A field both sides changed to different values: the values and the one kept. */
  public record Conflict(String field, Object kept, Object lost, String rule) {}

  /** The merged entity and its conflicts. */
  public record Result(Entity entity, List<Conflict> conflicts) {
    public Result {
      conflicts = List.copyOf(conflicts);
    }
  }

  static final String LATER = "the later updatedAt wins";
  static final String ORDER = "same updatedAt: the greater value wins";

  /**
   * Merges two versions of an entity that both exist (base may be null: both sides created
   * the same id).
   */
  public static Result merge(Entity base, Entity ours, Entity theirs) {
    int side = newer(ours, theirs);
    List<Conflict> conflicts = new ArrayList<>();
    Map<String, Object> merged = mergeMaps(base == null ? Map.of() : base.fields(), ours.fields(),
        theirs.fields(), ours.type().shape(), "$", side, conflicts);
    return new Result(Entity.of(ours.type(), merged), List.copyOf(conflicts));
  }

  /** +1 when ours is later, -1 when theirs is, 0 when updatedAt does not decide. */
  private static int newer(Entity ours, Entity theirs) {
    Instant a = ours.has("updatedAt") ? ours.getDate("updatedAt") : null;
    Instant b = theirs.has("updatedAt") ? theirs.getDate("updatedAt") : null;
    if (a == null || b == null) {
      return a == null && b == null ? 0 : a == null ? -1 : 1;
    }
    return Integer.signum(a.compareTo(b));
  }

  private static Map<String, Object> mergeMaps(Map<String, ?> base, Map<String, ?> ours, Map<String, ?> theirs,
      Shape shape, String path, int side, List<Conflict> conflicts) {
    Set<String> keys = new LinkedHashSet<>(ours.keySet());
    keys.addAll(theirs.keySet());
    keys.addAll(base.keySet());
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : keys) {
      boolean inBase = base.containsKey(key);
      boolean inOurs = ours.containsKey(key);
      boolean inTheirs = theirs.containsKey(key);
      Object b = base.get(key);
      Object o = ours.get(key);
      Object t = theirs.get(key);
      boolean oursChanged = inOurs != inBase || !Objects.equals(o, b);
      boolean theirsChanged = inTheirs != inBase || !Objects.equals(t, b);
      String childPath = dev.quire.model.FieldPaths.child(path, key);
      Shape child = childShape(shape, key);
      if (!theirsChanged || (inOurs == inTheirs && Objects.equals(o, t))) {
        if (inOurs) {
          out.put(key, o);
        }
      } else if (!oursChanged) {
        if (inTheirs) {
          out.put(key, t);
        }
      } else if (path.equals("$") && key.equals("updatedAt") && o instanceof Instant oi && t instanceof Instant ti) {
        out.put(key, oi.isAfter(ti) ? oi : ti); // bookkeeping, not a conflict: the later time
      } else if (o instanceof Map<?, ?> om && t instanceof Map<?, ?> tm && (b == null || b instanceof Map<?, ?>)) {
        out.put(key, mergeMaps(b == null ? Map.of() : cast(b), cast(om), cast(tm), child, childPath, side, conflicts));
      } else if (child instanceof Shape.ListOf l && l.set() && (o == null || o instanceof List<?>)
          && (t == null || t instanceof List<?>) && inOurs && inTheirs) {
        out.put(key, mergeSets(b instanceof List<?> bl ? bl : List.of(), o == null ? List.of() : (List<?>) o,
            t == null ? List.of() : (List<?>) t));
      } else {
        boolean oursWins = side > 0 || (side == 0 && compare(o, inOurs, t, inTheirs) > 0);
        Object kept = oursWins ? o : t;
        boolean keptPresent = oursWins ? inOurs : inTheirs;
        if (keptPresent) {
          out.put(key, kept);
        }
        conflicts.add(new Conflict(childPath, keptPresent ? kept : null, oursWins ? t : o, side != 0 ? LATER : ORDER));
      }
    }
    return out;
  }

  /** Base, plus what either side added, minus what either side removed; in a stable order. */
  static List<Object> mergeSets(List<?> base, List<?> ours, List<?> theirs) {
    Set<Object> out = new LinkedHashSet<>(ours);
    out.addAll(theirs);
    for (Object b : base) {
      if (!ours.contains(b) || !theirs.contains(b)) {
        out.remove(b);
      }
    }
    // order: ours' order, then theirs' additions: deterministic but side-dependent, so sort
    // when all elements are strings (ids), which makes the result the same on every replica
    if (out.stream().allMatch(v -> v instanceof String)) {
      return new ArrayList<>(new TreeSet<>(out.stream().map(v -> (String) v).toList()));
    }
    return new ArrayList<>(out);
  }

  private static Shape childShape(Shape shape, String key) {
    if (shape instanceof ObjectShape o) {
      Field f = o.field(key);
      return f == null ? Shape.Scalar.ANY : f.shape();
    }
    if (shape instanceof Shape.MapOf m) {
      return m.value();
    }
    return Shape.Scalar.ANY;
  }

  /** A total, replica-independent order on values (absent lowest). */
  private static int compare(Object a, boolean aPresent, Object b, boolean bPresent) {
    if (aPresent != bPresent) {
      return aPresent ? 1 : -1;
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object m) {
    return (Map<String, Object>) m;
  }
}
