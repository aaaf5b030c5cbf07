package dev.quire.store;

import dev.quire.NotFoundException;
import dev.quire.StoreException;
import dev.quire.internal.git.Repositories;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of the version folders ({@code v1/}, …) of a repository at one revision, read as
 * blobs without a checkout: what {@code quire validate --rev} checks in CI, where the branch
 * of a pull request is a revision and nothing needs to be written.
 */
public final class RevisionFiles {

  private RevisionFiles() {}

  /** Path → bytes of every file under a version folder at {@code revision}. */
  public static SortedMap<String, byte[]> read(Path repository, String revision) {
    try (Repository repo = Repositories.open(repository, "not a Git repository");
        ObjectReader reader = repo.newObjectReader()) {
      ObjectId commit = repo.resolve(revision + "^{commit}");
      if (commit == null) {
        throw new NotFoundException("no revision \"" + revision + "\" in " + repository);
      }
      SortedMap<String, byte[]> out = new TreeMap<>();
      for (Map.Entry<String, ObjectId> f : ids(reader, commit).entrySet()) {
        out.put(f.getKey(), reader.open(f.getValue()).getCachedBytes(Integer.MAX_VALUE));
      }
      return out;
    } catch (IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
      throw new StoreException("cannot read revision \"" + revision + "\" of " + repository + ": " + e.getMessage(), e);
    }
  }

  /** Path → blob id of every file under a version folder of a commit: its files, without reading them. */
  public static SortedMap<String, ObjectId> ids(ObjectReader reader, ObjectId commit) throws IOException {
    SortedMap<String, ObjectId> out = new TreeMap<>();
    try (RevWalk rw = new RevWalk(reader); TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(rw.parseCommit(commit).getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        String path = walk.getPathString();
        if (dev.quire.layout.Layout.versionOfPath(path) > 0) {
          out.put(path, walk.getObjectId(0));
        }
      }
    }
    return out;
  }

  /**
   * The files under a version folder that differ between two commits: path → blob id in
   * {@code to}, or null where {@code to} has no such file. Subtrees both share are skipped, so
   * a commit of three files costs about three files, whatever the store's size.
   */
  public static Map<String, ObjectId> changes(ObjectReader reader, ObjectId from, ObjectId to) throws IOException {
    Map<String, ObjectId> out = new TreeMap<>();
    try (RevWalk rw = new RevWalk(reader); TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(rw.parseCommit(from).getTree());
      walk.addTree(rw.parseCommit(to).getTree());
      walk.setRecursive(true);
      walk.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
      while (walk.next()) {
        String path = walk.getPathString();
        if (dev.quire.layout.Layout.versionOfPath(path) > 0) {
          out.put(path, walk.getRawMode(1) == 0 ? null : walk.getObjectId(1));
        }
      }
    }
    return out;
  }
}
