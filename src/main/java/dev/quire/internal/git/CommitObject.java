package dev.quire.internal.git;

import java.util.List;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/** Builds commit objects: the one place that says what a Quire commit holds. */
public final class CommitObject {
  private CommitObject() {}

  /** A commit of {@code tree} on {@code parents} (none for a first commit), by and from {@code who}. */
  public static CommitBuilder of(ObjectId tree, List<ObjectId> parents, PersonIdent who, String message) {
    CommitBuilder cb = new CommitBuilder();
    cb.setTreeId(tree);
    cb.setParentIds(parents);
    cb.setAuthor(who);
    cb.setCommitter(who);
    cb.setMessage(message);
    return cb;
  }
}
