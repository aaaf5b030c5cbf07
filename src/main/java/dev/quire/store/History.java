package dev.quire.store;

import dev.quire.StoreException;
import dev.quire.codec.Format;
import dev.quire.internal.engine.CommitView;
import dev.quire.internal.engine.Engine;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** The commits of a store's branch, all of them or those that changed one entity's file. */
final class History {
  private final Engine engine;

  History(Engine engine) {
    this.engine = engine;
  }

  List<Revision> log(int max) {
    return revisions(null, max);
  }

  List<Revision> of(EntityType type, String id, Snapshot head) {
    CommitView.requireVersioned(type);
    List<String> paths = new ArrayList<>();
    String parent = null;
    if (type.parentField() != null) { // only grouped types need the parent to find the file
      parent = head.get(type, id).map(Entity::parentId).orElseGet(() -> engine.parentHint(id));
      if (parent == null) {
        return List.of();
      }
    }
    for (Format f : Format.values()) {
      paths.add(engine.layout().pathOf(type, id, parent, f).path());
    }
    return revisions(PathFilterGroup.createFromStrings(paths), Integer.MAX_VALUE);
  }

  private List<Revision> revisions(TreeFilter filter, int max) {
    ObjectId head = engine.head();
    List<Revision> out = new ArrayList<>();
    if (head == null) {
      return out;
    }
    try (RevWalk rw = new RevWalk(engine.repo())) {
      if (filter != null) {
        rw.setTreeFilter(AndTreeFilter.create(filter, TreeFilter.ANY_DIFF));
      }
      rw.markStart(rw.parseCommit(head));
      for (RevCommit c : rw) {
        if (out.size() >= max) {
          break;
        }
        out.add(new Revision(c.name(), Instant.ofEpochSecond(c.getCommitTime()),
            c.getAuthorIdent().getName(), c.getShortMessage()));
      }
    } catch (IOException e) {
      throw new StoreException("cannot read the history of " + engine.repo().getDirectory() + ": " + e.getMessage(), e);
    }
    return out;
  }
}
