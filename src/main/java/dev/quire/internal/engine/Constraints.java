package dev.quire.internal.engine;

import dev.quire.ConflictException;
import dev.quire.internal.git.Folders;
import dev.quire.layout.FileNames;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * What a commit refuses: a unique constraint broken ({@link dev.quire.model.UniqueKeys}) and
 * ids of one type that differ only by letter case (their files would collide on macOS and
 * Windows). Both throw {@code ConflictException}; nothing is written then.
 */
final class Constraints {
  private Constraints() {}

  /**
   * Unique keys ({@link dev.quire.model.UniqueKeys}) of the types the transaction saves, over
   * the entities at {@code at} with its writes applied.
   */
  static void checkUniques(Tx tx, CommitView at) {
    Set<EntityType> types = new HashSet<>();
    for (Staged s : tx.staged.values()) {
      if (s.entity() != null && !s.type().uniques().isEmpty()) {
        types.add(s.type());
      }
    }
    for (EntityType type : types) {
      if (checkUniquesFromIndex(tx, at, type)) {
        continue;
      }
      Map<String, Entity> state = new LinkedHashMap<>();
      for (Entity e : at.list(type)) {
        state.put(e.id(), e);
      }
      for (Staged s : tx.staged.values()) {
        if (s.type() == type) {
          if (s.entity() == null) {
            state.remove(s.id());
          } else {
            state.put(s.id(), s.entity());
          }
        }
      }
      for (var c : dev.quire.model.UniqueKeys.clashes(type, state.values(), e -> e)) {
        throw clash(tx, type, new dev.quire.model.UniqueKeys.Clash<>(c.fields(), c.values(), c.first().id(), c.second().id()));
      }
    }
  }

  /**
   * The unique keys of one type from the read index: the committed entities' keys come from
   * its rows (no entity decoded), the transaction's writes replace or remove theirs, then every
   * key is checked as {@link dev.quire.model.UniqueKeys} checks entities. False when the index
   * cannot answer (this commit is read by scanning), and the caller decodes instead.
   */
  private static boolean checkUniquesFromIndex(Tx tx, CommitView at, EntityType type) {
    for (List<String> fields : type.uniques()) {
      CommitView.KeyedRows keyed = at.keyedRows(type, fields);
      if (keyed == null) {
        return false;
      }
      Map<String, List<Object>> state = new LinkedHashMap<>();
      for (dev.quire.internal.index.Row r : keyed.rows()) {
        List<Object> key = new java.util.ArrayList<>(fields.size());
        for (int p : keyed.positions()) {
          key.add(r.values()[p]);
        }
        state.put(r.id(), key.contains(null) ? null : key);
      }
      for (Staged s : tx.staged.values()) {
        if (s.type() == type) {
          if (s.entity() == null) {
            state.remove(s.id());
          } else {
            state.put(s.id(), dev.quire.model.UniqueKeys.key(s.entity(), fields));
          }
        }
      }
      Map<List<Object>, String> seen = new HashMap<>();
      for (Map.Entry<String, List<Object>> e : state.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        String first = seen.putIfAbsent(e.getValue(), e.getKey());
        if (first != null) {
          throw clash(tx, type, new dev.quire.model.UniqueKeys.Clash<>(fields, e.getValue(), first, e.getKey()));
        }
      }
    }
    return true;
  }

  /** The error for two ids sharing a unique key: the one the transaction writes named first. */
  private static ConflictException clash(Tx tx, EntityType type, dev.quire.model.UniqueKeys.Clash<String> c) {
    String id = c.second();
    String mine = tx.staged.values().stream().anyMatch(s -> s.type() == type && id.equals(s.id())) ? id : c.first();
    String theirs = mine.equals(id) ? c.first() : id;
    String fields = String.join("+", c.fields());
    return new ConflictException(type.folder() + " \"" + mine + "\": " + fields + " " + c.describe()
        + " is already used by \"" + theirs + "\"; " + fields + " must be unique among " + type.folder());
  }

  /** Ids of one type that differ only by case would collide on macOS and Windows. */
  static void checkCaseCollisions(Engine engine, Tx tx, CommitView at, Map<String, ObjectId> headBlobs) {
    // folder -> (case key of a file stem -> that stem), for the folders that get new files:
    // the files already there (unless deleted), then the new ones
    Map<String, Map<String, String>> folders = new HashMap<>();
    String last = null;
    Map<String, String> stems = null;
    try (ObjectReader reader = engine.newReader()) {
      for (Map.Entry<String, Staged> e : tx.staged.entrySet()) {
        String path = e.getKey();
        if (e.getValue().type() == null || e.getValue().entity() == null || headBlobs.get(path) != null) {
          continue;
        }
        if (!Folders.same(path, last)) {
          last = path;
          stems = folders.computeIfAbsent(Folders.of(path), f -> {
            Map<String, String> m = new HashMap<>();
            for (CommitView.Located l : at.walk(reader, f, false)) {
              Staged staged = tx.staged.get(l.path());
              if (staged == null || !staged.isDelete()) {
                String stem = stem(l.path(), f.length());
                m.put(FileNames.caseKeyOfName(stem), stem);
              }
            }
            return m;
          });
        }
        String stem = stem(path, path.lastIndexOf('/'));
        String other = stems.putIfAbsent(FileNames.caseKeyOfName(stem), stem);
        if (other != null && !other.equals(stem)) {
          throw new ConflictException(e.getValue().type().folder() + " \"" + e.getValue().id()
              + "\" differs only by letter case from the existing \"" + FileNames.decode(other)
              + "\"; their files would collide on macOS and Windows, choose another id");
        }
      }
    }
  }

  /** The file name of a path without its extension; {@code slash} is where the name begins, less one. */
  private static String stem(String path, int slash) {
    int dot = path.lastIndexOf('.');
    return path.substring(slash + 1, dot > slash ? dot : path.length());
  }
}
