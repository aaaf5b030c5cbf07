package dev.quire.internal.git;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** TreeUpdater's incremental trees equal the trees JGit builds from the whole path list. */
public class TreeUpdaterTest {
  @TempDir
  Path dir;

  private static final String[] NAMES = {"a", "a.b", "a-b", "a0", "b", "ab", "v1", "v1.x", "files", "é", "z"};

  @Test
  void randomChangesGiveTheSameTreeAsBuildingFromScratch() throws Exception {
    try (FileRepository repo = new FileRepository(dir.resolve(".git").toFile())) {
      repo.create(true);
      ObjectCache cache = new ObjectCache(1 << 20);
      Random random = new Random(11);
      TreeMap<String, ObjectId> state = new TreeMap<>();
      ObjectId tree = null;
      try (ObjectInserter inserter = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader()) {
        for (int round = 0; round < 300; round++) {
          SortedMap<String, ObjectId> changes = new TreeMap<>();
          int n = 1 + random.nextInt(6);
          for (int k = 0; k < n; k++) {
            String path = randomPath(random);
            if (conflictsWithFolder(state, changes, path)) {
              continue;
            }
            boolean delete = random.nextInt(3) == 0 && state.containsKey(path);
            ObjectId blob = delete ? null : inserter.insert(Constants.OBJ_BLOB,
                ("content " + random.nextInt(5)).getBytes(StandardCharsets.UTF_8));
            changes.put(path, blob);
          }
          tree = TreeUpdater.apply(reader, inserter, tree, changes, cache);
          changes.forEach((p, id) -> {
            if (id == null) {
              state.remove(p);
            } else {
              state.put(p, id);
            }
          });
          assertEquals(fromScratch(inserter, state), tree, "round " + round + " " + changes.keySet());
        }
      }
    }
  }

  private static String randomPath(Random random) {
    int depth = 1 + random.nextInt(3);
    StringBuilder sb = new StringBuilder();
    for (int d = 0; d < depth; d++) {
      if (d > 0) {
        sb.append('/');
      }
      sb.append(NAMES[random.nextInt(NAMES.length)]);
    }
    return sb.toString() + ".yaml";
  }

  /** Keeps the test to valid trees: no file where a folder is, or the reverse. */
  private static boolean conflictsWithFolder(TreeMap<String, ObjectId> state, SortedMap<String, ObjectId> changes, String path) {
    for (String other : state.keySet()) {
      if (other.startsWith(path + "/") || path.startsWith(other + "/")) {
        return true;
      }
    }
    for (String other : changes.keySet()) {
      if (other.startsWith(path + "/") || path.startsWith(other + "/")) {
        return true;
      }
    }
    return false;
  }

  private static ObjectId fromScratch(ObjectInserter inserter, TreeMap<String, ObjectId> state) throws Exception {
    DirCache dc = DirCache.newInCore();
    DirCacheBuilder b = dc.builder();
    for (var e : state.entrySet()) {
      DirCacheEntry entry = new DirCacheEntry(e.getKey());
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(e.getValue());
      b.add(entry);
    }
    b.finish();
    return dc.writeTree(inserter);
  }
}
