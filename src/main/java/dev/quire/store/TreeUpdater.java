package dev.quire.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Writes a new tree from a base tree and a set of path changes, reading and rewriting only the
 * trees on the changed paths; every other subtree is reused by id. The cost of a commit
 * therefore depends on the depth and width of the touched folders, not on the store's size.
 */
final class TreeUpdater {
  private TreeUpdater() {}

  /**
   * @param base the tree to start from, or null for an empty tree
   * @param changes path → new blob id, or null to delete the path (and an emptied folder)
   * @return the new root tree id (equal to {@code base} when nothing changed)
   */
  static ObjectId apply(ObjectReader reader, ObjectInserter inserter, AnyObjectId base,
      SortedMap<String, ObjectId> changes, ObjectCache cache) throws IOException {
    ObjectId result = update(reader, inserter, base, changes, cache);
    return result == null ? insert(inserter, new TreeFormatter(), cache) : result;
  }

  private static ObjectId insert(ObjectInserter inserter, TreeFormatter formatter, ObjectCache cache)
      throws IOException {
    byte[] raw = formatter.toByteArray();
    ObjectId id = inserter.insert(org.eclipse.jgit.lib.Constants.OBJ_TREE, raw);
    cache.put(id, org.eclipse.jgit.lib.Constants.OBJ_TREE, raw);
    return id;
  }

  private record Entry(String name, FileMode mode, ObjectId id) {}

  /** Null when the resulting tree is empty. */
  private static ObjectId update(ObjectReader reader, ObjectInserter inserter, AnyObjectId tree,
      SortedMap<String, ObjectId> changes, ObjectCache cache) throws IOException {
    TreeMap<String, Entry> entries = new TreeMap<>(TreeUpdater::gitOrder);
    if (tree != null) {
      CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
      for (; !parser.eof(); parser.next()) {
        FileMode mode = parser.getEntryFileMode();
        String name = parser.getEntryPathString();
        entries.put(key(name, mode), new Entry(name, mode, parser.getEntryObjectId()));
      }
    }
    boolean changed = false;
    // Group the changes by their first path segment.
    Map<String, SortedMap<String, ObjectId>> below = new TreeMap<>();
    for (Map.Entry<String, ObjectId> c : changes.entrySet()) {
      String path = c.getKey();
      int slash = path.indexOf('/');
      if (slash < 0) {
        Entry old = entries.remove(key(path, FileMode.REGULAR_FILE));
        if (c.getValue() != null) {
          entries.put(key(path, FileMode.REGULAR_FILE), new Entry(path, FileMode.REGULAR_FILE, c.getValue()));
          changed |= old == null || !old.id().equals(c.getValue());
        } else {
          changed |= old != null;
        }
      } else {
        below.computeIfAbsent(path.substring(0, slash), k -> new TreeMap<>())
            .put(path.substring(slash + 1), c.getValue());
      }
    }
    for (Map.Entry<String, SortedMap<String, ObjectId>> dir : below.entrySet()) {
      String name = dir.getKey();
      Entry old = entries.get(key(name, FileMode.TREE));
      ObjectId sub = update(reader, inserter, old == null ? null : old.id(), dir.getValue(), cache);
      if (sub == null) {
        changed |= entries.remove(key(name, FileMode.TREE)) != null;
      } else if (old == null || !old.id().equals(sub)) {
        entries.put(key(name, FileMode.TREE), new Entry(name, FileMode.TREE, sub));
        changed = true;
      }
    }
    if (entries.isEmpty()) {
      return null;
    }
    if (!changed && tree != null) {
      return tree.toObjectId();
    }
    TreeFormatter formatter = new TreeFormatter();
    for (Entry e : entries.values()) {
      formatter.append(e.name(), e.mode(), e.id());
    }
    return insert(inserter, formatter, cache);
  }

  /** Git sorts a folder's entries by name, a subtree's name as if it ended with '/'. */
  private static String key(String name, FileMode mode) {
    return mode == FileMode.TREE ? name + "/" : name;
  }

  private static int gitOrder(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(x.length, y.length);
    for (int i = 0; i < n; i++) {
      int d = (x[i] & 0xff) - (y[i] & 0xff);
      if (d != 0) {
        return d;
      }
    }
    return x.length - y.length;
  }
}
