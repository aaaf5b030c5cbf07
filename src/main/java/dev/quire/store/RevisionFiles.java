package dev.quire.store;

import dev.quire.NotFoundException;
import dev.quire.StoreException;
import dev.quire.internal.git.Repositories;
import java.io.IOException;
import java.nio.file.Path;
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
        ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
      ObjectId commit = repo.resolve(revision + "^{commit}");
      if (commit == null) {
        throw new NotFoundException("no revision \"" + revision + "\" in " + repository);
      }
      SortedMap<String, byte[]> out = new TreeMap<>();
      try (TreeWalk walk = new TreeWalk(reader)) {
        walk.addTree(rw.parseCommit(commit).getTree());
        walk.setRecursive(true);
        while (walk.next()) {
          String path = walk.getPathString();
          if (dev.quire.layout.Layout.versionOfPath(path) > 0) {
            out.put(path, reader.open(walk.getObjectId(0)).getCachedBytes(Integer.MAX_VALUE));
          }
        }
      }
      return out;
    } catch (IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
      throw new StoreException("cannot read revision \"" + revision + "\" of " + repository + ": " + e.getMessage(), e);
    }
  }
}
