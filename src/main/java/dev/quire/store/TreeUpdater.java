package dev.quire.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Writes a new tree from a base tree and a set of path changes, reading and rewriting only the
 * trees on the changed paths; every other subtree is reused by id. A folder's existing entries
 * come out of Git already in Git's order, so changes are merged in, not re-sorted. The cost of
 * a commit therefore depends on the depth and width of the touched folders, not on the store.
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

  /** One entry: its name as Git sorts it (folders with a trailing '/'), mode and id. */
  private record Entry(byte[] sortKey, byte[] name, FileMode mode, ObjectId id) {}

  /** Null when the resulting tree is empty. */
  private static ObjectId update(ObjectReader reader, ObjectInserter inserter, AnyObjectId tree,
      SortedMap<String, ObjectId> changes, ObjectCache cache) throws IOException {
    // The changes at this level: a file (name → blob or null) or a folder (name → sub-changes).
    TreeMap<String, ObjectId> files = new TreeMap<>();
    Map<String, SortedMap<String, ObjectId>> folders = new TreeMap<>();
    for (Map.Entry<String, ObjectId> c : changes.entrySet()) {
      String path = c.getKey();
      int slash = path.indexOf('/');
      if (slash < 0) {
        files.put(path, c.getValue());
      } else {
        folders.computeIfAbsent(path.substring(0, slash), k -> new TreeMap<>())
            .put(path.substring(slash + 1), c.getValue());
      }
    }
    List<Entry> existing = new ArrayList<>();
    if (tree != null) {
      CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
      for (; !parser.eof(); parser.next()) {
        FileMode mode = parser.getEntryFileMode();
        byte[] name = Arrays.copyOf(parser.getEntryPathBuffer(), parser.getEntryPathLength());
        existing.add(new Entry(key(name, mode), name, mode, parser.getEntryObjectId()));
      }
    }
    // The replacement entries for every changed name, sorted the way Git sorts.
    List<Entry> replacements = new ArrayList<>();
    List<byte[]> removedKeys = new ArrayList<>();
    boolean changed = false;
    for (Map.Entry<String, ObjectId> f : files.entrySet()) {
      byte[] name = f.getKey().getBytes(StandardCharsets.UTF_8);
      Entry old = find(existing, key(name, FileMode.REGULAR_FILE));
      if (f.getValue() == null) {
        if (old != null) {
          removedKeys.add(old.sortKey());
          changed = true;
        }
      } else if (old == null || !old.id().equals(f.getValue())) {
        if (old != null) {
          removedKeys.add(old.sortKey());
        }
        replacements.add(new Entry(key(name, FileMode.REGULAR_FILE), name, FileMode.REGULAR_FILE, f.getValue()));
        changed = true;
      }
    }
    for (Map.Entry<String, SortedMap<String, ObjectId>> d : folders.entrySet()) {
      byte[] name = d.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] sortKey = key(name, FileMode.TREE);
      Entry old = find(existing, sortKey);
      ObjectId sub = update(reader, inserter, old == null ? null : old.id(), d.getValue(), cache);
      if (sub == null) {
        if (old != null) {
          removedKeys.add(sortKey);
          changed = true;
        }
      } else if (old == null || !old.id().equals(sub)) {
        if (old != null) {
          removedKeys.add(sortKey);
        }
        replacements.add(new Entry(sortKey, name, FileMode.TREE, sub));
        changed = true;
      }
    }
    if (!changed && tree != null) {
      return existing.isEmpty() ? null : tree.toObjectId();
    }
    replacements.sort((a, b) -> compare(a.sortKey(), b.sortKey()));
    removedKeys.sort(TreeUpdater::compare);
    TreeFormatter formatter = new TreeFormatter();
    int count = 0;
    int i = 0;
    int j = 0;
    int r = 0;
    while (i < existing.size() || j < replacements.size()) {
      Entry e = i < existing.size() ? existing.get(i) : null;
      Entry n = j < replacements.size() ? replacements.get(j) : null;
      if (e != null && r < removedKeys.size() && compare(e.sortKey(), removedKeys.get(r)) == 0) {
        i++;
        r++;
        continue;
      }
      if (n == null || (e != null && compare(e.sortKey(), n.sortKey()) < 0)) {
        formatter.append(e.name(), e.mode(), e.id());
        i++;
      } else {
        formatter.append(n.name(), n.mode(), n.id());
        j++;
      }
      count++;
    }
    return count == 0 ? null : insert(inserter, formatter, cache);
  }

  /** Binary search of a folder's entries (sorted by Git) for a sort key. */
  private static Entry find(List<Entry> entries, byte[] sortKey) {
    int lo = 0;
    int hi = entries.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(entries.get(mid).sortKey(), sortKey);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return entries.get(mid);
      }
    }
    return null;
  }

  private static ObjectId insert(ObjectInserter inserter, TreeFormatter formatter, ObjectCache cache)
      throws IOException {
    byte[] raw = formatter.toByteArray();
    ObjectId id = inserter.insert(Constants.OBJ_TREE, raw);
    cache.put(id, Constants.OBJ_TREE, raw);
    return id;
  }

  /** Git sorts a folder's entries by name bytes, a subtree's name as if it ended with '/'. */
  private static byte[] key(byte[] name, FileMode mode) {
    if (mode != FileMode.TREE) {
      return name;
    }
    byte[] k = Arrays.copyOf(name, name.length + 1);
    k[name.length] = '/';
    return k;
  }

  private static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }
}
