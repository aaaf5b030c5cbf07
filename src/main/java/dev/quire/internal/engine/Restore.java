package dev.quire.internal.engine;

import dev.quire.InvalidEntityException;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Puts the store, a type or one entity back as it was at an older commit, as a new commit:
 * every path at or below the scope's paths gets the content it had then (nothing is rewritten,
 * so a restore can itself be undone).
 */
public final class Restore {
  private final Engine engine;

  public Restore(Engine engine) {
    this.engine = engine;
  }

  /** Entities and project files; null when nothing differs. */
  public String store(CommitView then) {
    return scope(then, "the store", at -> List.of(engine.layout().versionDir(), ProjectPaths.ROOT));
  }

  /** Every entity of a type (conversations with their interactions). */
  public String type(EntityType type, CommitView then) {
    CommitView.requireVersioned(type);
    return scope(then, type.folder(), at -> type == EntityTypes.CONVERSATIONS
        ? List.of(engine.layout().folderOf(type), engine.layout().folderOf(EntityTypes.INTERACTIONS))
        : List.of(engine.layout().folderOf(type)));
  }

  /** One entity (deleted if it did not exist then), a conversation with its interactions, with project files. */
  public String entity(EntityType type, String id, CommitView then) {
    CommitView.requireVersioned(type);
    return scope(then, type.folder() + " " + id, at -> {
      List<String> paths = new ArrayList<>();
      for (CommitView view : at) {
        try (ObjectReader reader = engine.newReader()) {
          CommitView.Located l = view.locate(reader, type, id);
          if (l != null) {
            paths.add(l.path());
          }
        }
      }
      if (type == EntityTypes.CONVERSATIONS) {
        paths.add(at.get(0).interactionFolder(id));
      }
      if (type == EntityTypes.CONVERSATIONS || type == EntityTypes.PROJECTS) {
        paths.add(ProjectPaths.of(id, ""));
      }
      return paths;
    });
  }

  /**
   * Stages, for every path at or below the scope's paths, the content it had at the revision.
   * The scope gets both views (head, then revision) to find paths in.
   */
  private String scope(CommitView then, String what, Function<List<CommitView>, List<String>> scope) {
    return engine.transact(tx -> {
      List<String> roots = scope.apply(List.of(tx.base, then));
      Set<String> paths = new TreeSet<>();
      try (ObjectReader reader = engine.newReader()) {
        for (String root : roots) {
          tx.readFolders.add(root);
          for (CommitView view : List.of(tx.base, then)) {
            if (view.blobAt(reader, root) != null) {
              paths.add(root);
            }
            view.walk(reader, root, true).forEach(l -> paths.add(l.path()));
          }
        }
        for (String path : paths) {
          ObjectId now = tx.base.blobAt(reader, path);
          ObjectId old = then.blobAt(reader, path);
          if (Objects.equals(now, old)) {
            continue;
          }
          if (old == null) {
            tx.removeAt(path);
          } else if (isEntityPath(path)) {
            tx.putAt(path, then.read(reader, path, old));
          } else {
            tx.putRaw(path, engine.bytes(reader, old, Long.MAX_VALUE, path));
          }
        }
      }
      tx.message("restore " + what + " to " + then.commitId().substring(0, 12));
    });
  }

  private boolean isEntityPath(String path) {
    try {
      return engine.layout().parse(path).isPresent();
    } catch (InvalidEntityException e) {
      return false;
    }
  }
}
