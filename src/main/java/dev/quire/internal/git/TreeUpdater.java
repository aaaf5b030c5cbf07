package dev.quire.internal.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
public final class TreeUpdater {
  private TreeUpdater() {}

  /**
   * @param base the tree to start from, or null for an empty tree
   * @param changes path → new blob id, or null to delete the path (and an emptied folder)
   * @return the new root tree id (equal to {@code base} when nothing changed)
   */
  public static ObjectId apply(ObjectReader reader, ObjectInserter inserter, AnyObjectId base,
      Map<String, ObjectId> changes, ObjectCache cache) throws IOException {
    Map<String, Folder> folders = new HashMap<>();
    Folder root = new Folder();
    folders.put("", root);
    Folder last = null;
    String lastPath = null;
    for (Map.Entry<String, ObjectId> c : changes.entrySet()) {
      String path = c.getKey();
      if (!Folders.same(path, lastPath)) {
        last = folder(folders, Folders.of(path));
        lastPath = path;
      }
      last.files.add(new Change(path.substring(path.lastIndexOf('/') + 1), c.getValue()));
    }
    ObjectId result = update(reader, inserter, base, folders, "", cache);
    return result == null ? insert(inserter, new TreeFormatter(), cache) : result;
  }

  /** A changed file of a folder: its name and new blob (null: deleted). */
  private record Change(String name, ObjectId blob) {}

  /** The changes in one folder: its own files, and the names of its subfolders with changes. */
  private static final class Folder {
    final List<Change> files = new ArrayList<>();
    final List<String> subfolders = new ArrayList<>();
  }

  /**
   * The changes of a folder (its path without a trailing slash, "" for the root), made and
   * linked into its parents when it is first seen. Grouping paths by folder this way costs one
   * hash look-up per path, where sorting 100,000 paths cost several times more.
   */
  private static Folder folder(Map<String, Folder> folders, String path) {
    Folder f = folders.get(path);
    if (f == null) {
      f = new Folder();
      folders.put(path, f);
      int slash = path.lastIndexOf('/');
      folder(folders, Folders.of(path)).subfolders.add(path.substring(slash + 1));
    }
    return f;
  }

  /** One entry: its name as Git sorts it (folders with a trailing '/'), mode and id. */
  private record Entry(byte[] sortKey, byte[] name, FileMode mode, ObjectId id) {}

  /**
   * Applies the changes of folder {@code path} and below to {@code tree}, that folder as it
   * was (null when new). Null when the resulting tree is empty.
   */
  private static ObjectId update(ObjectReader reader, ObjectInserter inserter, AnyObjectId tree,
      Map<String, Folder> folders, String path, ObjectCache cache) throws IOException {
    Folder changes = folders.get(path);
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
    for (Change f : changes.files) {
      byte[] name = f.name().getBytes(StandardCharsets.UTF_8);
      Entry old = find(existing, key(name, FileMode.REGULAR_FILE));
      if (f.blob() == null) {
        if (old != null) {
          removedKeys.add(old.sortKey());
          changed = true;
        }
      } else if (old == null || !old.id().equals(f.blob())) {
        if (old != null) {
          removedKeys.add(old.sortKey());
        }
        replacements.add(new Entry(key(name, FileMode.REGULAR_FILE), name, FileMode.REGULAR_FILE, f.blob()));
        changed = true;
      }
    }
    for (String folder : changes.subfolders) {
      byte[] name = folder.getBytes(StandardCharsets.UTF_8);
      byte[] sortKey = key(name, FileMode.TREE);
      Entry old = find(existing, sortKey);
      ObjectId sub = update(reader, inserter, old == null ? null : old.id(), folders,
          path.isEmpty() ? folder : path + "/" + folder, cache);
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
