package dev.quire.internal.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The files that differ between two trees or commits, with their old and new blob ids (null
 * where absent). Identical subtrees are skipped by id, so the cost follows the change, not the
 * store. The one diff behind events, transaction validation and working-tree catch-up.
 */
public final class TreeDiff {
  private TreeDiff() {}

  /** One changed file. */
  public record Change(String path, ObjectId oldBlob, ObjectId newBlob) {}

  /** The changes from commit {@code from} (null: nothing) to commit {@code to}. */
  public static List<Change> ofCommits(ObjectReader reader, ObjectId from, ObjectId to) {
    try (RevWalk rw = new RevWalk(reader)) {
      return ofTrees(reader, from == null ? null : rw.parseCommit(from).getTree(), rw.parseCommit(to).getTree());
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot read commit " + to.name() + ": " + e.getMessage(), e);
    }
  }

  /** The changes from tree {@code from} (null: empty) to tree {@code to}. */
  public static List<Change> ofTrees(ObjectReader reader, ObjectId from, ObjectId to) {
    List<Change> out = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(reader)) {
      if (from == null) {
        walk.addTree(new EmptyTreeIterator());
      } else {
        walk.addTree(from);
      }
      walk.addTree(to);
      walk.setRecursive(true);
      walk.setFilter(TreeFilter.ANY_DIFF);
      while (walk.next()) {
        ObjectId a = walk.getFileMode(0) == FileMode.MISSING ? null : walk.getObjectId(0);
        ObjectId b = walk.getFileMode(1) == FileMode.MISSING ? null : walk.getObjectId(1);
        out.add(new Change(walk.getPathString(), a, b));
      }
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot compare trees " + from + " and " + to + ": " + e.getMessage(), e);
    }
    return out;
  }
}
