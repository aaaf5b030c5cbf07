package dev.quire.internal.engine;

import dev.quire.InvalidEntityException;
import dev.quire.codec.Format;
import dev.quire.internal.git.TreeDiff;
import dev.quire.layout.EntityPath;
import dev.quire.model.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The entity-level events of a head move: from the tree diff between two commits, or, for a
 * transaction committed right on top of the last head seen, from what it staged (a big import
 * changes 100,000 paths: no diff of trees, and events built only when someone listens).
 */
final class Events {
  private Events() {}

  /** The events of a head move from {@code from} (null: the first commit) to {@code to}, from the tree diff. */
  static List<Change> between(Engine engine, ObjectId from, ObjectId to) {
    List<Change> out = new ArrayList<>();
    if (to == null) {
      return out;
    }
    List<EntityPath> present = new ArrayList<>();
    List<EntityPath> gone = new ArrayList<>();
    try (ObjectReader reader = engine.newReader()) {
      for (TreeDiff.Change c : TreeDiff.ofCommits(reader, from, to)) {
        EntityPath p;
        try {
          p = engine.layout.parse(c.path()).orElse(null);
        } catch (InvalidEntityException e) {
          continue;
        }
        if (p == null) {
          continue;
        }
        (c.newBlob() != null ? present : gone).add(p);
        Change.Kind kind = Change.of(c.oldBlob(), c.newBlob());
        out.add(new Change(p.type(), p.id(), kind, from == null ? null : from.name(), to.name()));
      }
    }
    engine.advanceHints(from, to, present, gone);
    return out;
  }

  /**
   * The events of a transaction that was committed right on top of the last head seen: read
   * off what it staged, without diffing trees (a big import changes 100,000 paths).
   */
  static List<Change> of(Engine engine, Tx tx, ObjectId to) {
    Applied a = tx.applied;
    boolean wanted = !engine.listeners.isEmpty(); // events are built only for someone to hear them
    List<Change> out = new ArrayList<>();
    List<EntityPath> present = new ArrayList<>();
    List<EntityPath> gone = new ArrayList<>();
    String from = a.parent() == null ? null : a.parent().name();
    String toName = to.name();
    for (Map.Entry<String, Staged> e : tx.staged.entrySet()) {
      Staged s = e.getValue();
      ObjectId before = a.before().get(e.getKey());
      ObjectId after = a.after().get(e.getKey());
      if (s.type() == null || Objects.equals(before, after)) {
        continue;
      }
      boolean grouped = s.type().placement() == Placement.GROUPED;
      if (s.entity() != null) {
        if (grouped) { // parent hints: which conversation an interaction is in
          Format format = Format.ofFileName(e.getKey()).orElse(Format.YAML);
          present.add(new EntityPath(s.type(), s.id(), s.entity().parentId(), format, e.getKey()));
        }
      } else if (grouped) {
        try {
          engine.layout.parse(e.getKey()).ifPresent(gone::add);
        } catch (InvalidEntityException ex) {
          continue;
        }
      }
      if (wanted) {
        Change.Kind kind = Change.of(before, after);
        out.add(new Change(s.type(), s.id(), kind, from, toName));
      }
    }
    engine.advanceHints(a.parent(), to, present, gone);
    return out;
  }
}
