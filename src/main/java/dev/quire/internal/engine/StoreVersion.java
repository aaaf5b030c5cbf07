package dev.quire.internal.engine;

import dev.quire.StoreException;
import dev.quire.layout.Layout;
import dev.quire.schema.EditorSupport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The schema version of a commit's tree, by {@link Layout#versionAmong} over its folders. */
public final class StoreVersion {
  private StoreVersion() {}

  /**
   * The version of the data folder ({@code v1/}, …) at {@code commit}, or for a store without
   * entities yet the version of its editor schemas ({@code .quire/schema/vN/}, written by init);
   * 0 when neither is there.
   */
  public static int of(ObjectReader reader, ObjectId commit, Object where) {
    try (RevWalk rw = new RevWalk(reader)) {
      ObjectId tree = rw.parseCommit(commit).getTree();
      int version = Layout.versionAmong(names(reader, tree, null), where);
      return version > 0 ? version : Layout.versionAmong(names(reader, tree, EditorSupport.SCHEMA_DIR), where);
    } catch (IOException e) {
      throw new StoreException("cannot read commit " + commit.name() + " of " + where + ": " + e.getMessage(), e);
    }
  }

  /** The version of the data folder alone, 0 when there is none. */
  public static int ofData(ObjectReader reader, ObjectId commit, Object where) {
    try (RevWalk rw = new RevWalk(reader)) {
      return Layout.versionAmong(names(reader, rw.parseCommit(commit).getTree(), null), where);
    } catch (IOException e) {
      throw new StoreException("cannot read commit " + commit.name() + " of " + where + ": " + e.getMessage(), e);
    }
  }

  /** The names of the subtrees of {@code tree}, or of its folder {@code folder} (none when absent). */
  private static List<String> names(ObjectReader reader, ObjectId tree, String folder) throws IOException {
    List<String> out = new ArrayList<>();
    try (TreeWalk walk = folder == null ? new TreeWalk(reader) : TreeWalk.forPath(reader, folder, tree)) {
      if (walk == null) {
        return out;
      }
      if (folder == null) {
        walk.addTree(tree);
      } else if (walk.isSubtree()) {
        walk.enterSubtree();
      } else {
        return out;
      }
      while (walk.next()) {
        if (walk.isSubtree()) {
          out.add(walk.getNameString());
        }
      }
    }
    return out;
  }
}
