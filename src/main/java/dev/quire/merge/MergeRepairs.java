package dev.quire.merge;

import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.layout.EntityPath;
import dev.quire.layout.Layout;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.UniqueKeys;
import dev.quire.schema.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a merge checks across entities once {@link TreeMerge} has merged them path by path:
 * unique constraints broken by two sides' new entities ({@link #repairUniques}) and references
 * left pointing nowhere ({@link #recordDanglingReferences}). Pure: the merged-into side is read
 * through {@link Side}, the merge's changes are path → bytes (null: deleted) and are amended in
 * place. Deterministic, so every replica repairs the same way.
 */
public final class MergeRepairs {
  /** The side the merge is committed onto, as the repairs read it. */
  public interface Side {
    /** Path → entity of every readable entity file under {@code folder} (attachment files left out). */
    SortedMap<String, Entity> entities(String folder);

    /** Whether this side has the entity. */
    boolean has(EntityType type, String id);
  }

  private final Layout layout;
  private final EntityCodec codec;

  public MergeRepairs(Layout layout, EntityCodec codec) {
    this.layout = layout;
    this.codec = codec;
  }

  /**
   * Two replicas can each create an entity that is fine alone and clashes with the other's
   * (two rules named "Short answers"). After the merge, every unique constraint is checked
   * again; of entities that clash, the one with the smallest id keeps its value, the others get
   * their id appended to a unique name or path (a duplicate tag–rule link is dropped), and each
   * repair is recorded as a conflict. Returns how many were repaired.
   */
  public int repairUniques(Side ours, SortedMap<String, byte[]> changes) {
    int repaired = 0;
    for (EntityType type : EntityTypes.versioned()) {
      if (type.uniques().isEmpty()) {
        continue;
      }
      String folder = layout.folderOf(type);
      if (changes.keySet().stream().noneMatch(p -> p.startsWith(folder + "/"))) {
        continue;
      }
      SortedMap<String, Entity> all = new TreeMap<>(ours.entities(folder));
      for (Map.Entry<String, byte[]> c : changes.subMap(folder + "/", folder + "0").entrySet()) {
        Entity e = c.getValue() == null ? null : decodeOrNull(c.getKey(), c.getValue());
        if (e == null) {
          all.remove(c.getKey());
        } else {
          all.put(c.getKey(), e);
        }
      }
      for (List<String> fields : type.uniques()) {
        List<Map.Entry<String, Entity>> byId = new ArrayList<>(all.entrySet());
        byId.sort(Comparator.comparing(e -> e.getValue().id()));
        // the first of a key (the smallest id) keeps it; each later one is repaired
        for (var clash : UniqueKeys.clashes(fields, byId, Map.Entry::getValue)) {
          String path = clash.second().getKey();
          Entity e = clash.second().getValue();
          String keeper = clash.first().getValue().id();
          String rule;
          if (fields.size() == 1 && e.get(fields.get(0)) instanceof String value) {
            Entity renamed = e.with(fields.get(0), value + " (" + e.id() + ")");
            changes.put(path, codec.encode(renamed, Format.ofFileName(path).orElse(Format.YAML)));
            all.put(path, renamed);
            rule = fields.get(0) + " must be unique: " + keeper + " keeps \"" + value
                + "\", this one became \"" + value + " (" + e.id() + ")\"";
          } else {
            changes.put(path, null);
            rule = String.join("+", fields) + " must be unique: a duplicate of " + keeper + " was dropped";
          }
          record(changes, path, "$." + fields.get(0), rule);
          repaired++;
        }
      }
    }
    return repaired;
  }

  /**
   * After a merge, a reference can point nowhere though neither side broke it alone (one side
   * deleted a rule, the other linked a tag to it). Such references are left as they are — the
   * data is not guessed at — and recorded as conflicts to look at. Returns how many.
   */
  public int recordDanglingReferences(Side ours, SortedMap<String, byte[]> changes) {
    // what the merge changes, decoded: path -> entity; and the ids it deletes, by type
    Map<String, Entity> changed = new TreeMap<>();
    Map<EntityType, Set<String>> deleted = new HashMap<>();
    for (Map.Entry<String, byte[]> c : changes.entrySet()) {
      EntityPath at = parseOrNull(c.getKey());
      if (at == null) {
        continue;
      }
      if (c.getValue() == null) {
        deleted.computeIfAbsent(at.type(), t -> new HashSet<>()).add(at.id());
      } else {
        Entity e = decodeOrNull(c.getKey(), c.getValue()); // unreadable: recorded by the merge already
        if (e != null) {
          changed.put(c.getKey(), e);
        }
      }
    }
    int found = 0;
    for (Validator.Reference r : Validator.references()) {
      Map<String, Entity> sources = new TreeMap<>();
      changed.forEach((p, e) -> {
        if (e.type() == r.from()) {
          sources.put(p, e);
        }
      });
      Set<String> gone = deleted.getOrDefault(r.to(), Set.of());
      if (!gone.isEmpty()) { // entities that pointed at what the merge deletes
        ours.entities(layout.folderOf(r.from())).forEach((p, e) -> {
          if (!changes.containsKey(p) && gone.contains(e.get(r.field()))) {
            sources.put(p, e);
          }
        });
      }
      for (Map.Entry<String, Entity> e : sources.entrySet()) {
        if (!(e.getValue().get(r.field()) instanceof String target) || exists(ours, changed, gone, r.to(), target)
            || changes.containsKey(TreeMerge.recordPath(e.getKey()))) {
          continue;
        }
        record(changes, e.getKey(), "$." + r.field(), "after the merge, " + r.field() + " \"" + target
            + "\" points to no " + r.to().folder() + "; correct or clear it");
        found++;
      }
    }
    return found;
  }

  private static boolean exists(Side ours, Map<String, Entity> changed, Set<String> gone, EntityType type, String id) {
    for (Entity e : changed.values()) {
      if (e.type() == type && e.id().equals(id)) {
        return true;
      }
    }
    return !gone.contains(id) && ours.has(type, id);
  }

  private void record(SortedMap<String, byte[]> changes, String path, String field, String rule) {
    changes.put(TreeMerge.recordPath(path), TreeMerge.recordBytes(codec, path, parseOrNull(path),
        List.of(Map.of("field", field, "rule", rule))));
  }

  private EntityPath parseOrNull(String path) {
    try {
      return layout.parse(path).orElse(null);
    } catch (StoreException e) {
      return null;
    }
  }

  private Entity decodeOrNull(String path, byte[] bytes) {
    try {
      return layout.decode(path, bytes, codec);
    } catch (StoreException e) {
      return null;
    }
  }
}
