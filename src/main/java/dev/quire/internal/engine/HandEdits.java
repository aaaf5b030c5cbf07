package dev.quire.internal.engine;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.StoreException;
import dev.quire.layout.Layout;
import dev.quire.layout.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.treewalk.FileTreeIterator;

/** Files of the working tree edited by hand: which they are, and committing them as one transaction. */
public final class HandEdits {
  private final Engine engine;

  public HandEdits(Engine engine) {
    this.engine = engine;
  }

  /** Paths of the working tree that differ from the head, after the working tree caught up. */
  public List<String> status() {
    requireWorkingTree();
    engine.flush();
    try {
      IndexDiff diff = new IndexDiff(engine.repo(), engine.refName(), new FileTreeIterator(engine.repo()));
      diff.diff();
      Set<String> paths = new TreeSet<>();
      paths.addAll(diff.getModified());
      paths.addAll(diff.getUntracked());
      paths.addAll(diff.getMissing());
      paths.addAll(diff.getChanged());
      paths.addAll(diff.getAdded());
      paths.addAll(diff.getRemoved());
      paths.removeIf(p -> p.startsWith(".git/"));
      return List.copyOf(paths);
    } catch (IOException e) {
      throw new StoreException("cannot compare the working tree " + engine.repo().getWorkTree()
          + " with the head: " + e.getMessage(), e);
    }
  }

  /** Validates the hand edits and commits them (entity files in canonical form); null when there were none. */
  public String commit() {
    List<String> changed = status();
    if (changed.isEmpty()) {
      return null;
    }
    Path root = engine.repo().getWorkTree().toPath();
    Layout layout = engine.layout();
    Tx tx = engine.begin();
    List<String> problems = new ArrayList<>();
    StoreException first = null;
    for (String path : changed) {
      Path file = Layout.resolve(root, path);
      boolean exists = Files.isRegularFile(file);
      try {
        byte[] bytes = exists ? Files.readAllBytes(file) : null;
        boolean entityPath = layout.parse(path).isPresent();
        if (entityPath && bytes != null) {
          tx.putAt(path, layout.decode(path, bytes, engine.codec()));
        } else if (entityPath) {
          tx.removeAt(path);
        } else if (path.startsWith(layout.versionDir() + "/")) {
          throw new InvalidEntityException(path, null, "not an entity file; entity files live under "
              + layout.versionDir() + "/<type>/");
        } else if (bytes != null) {
          tx.putRaw(path, bytes);
        } else {
          tx.removeAt(path);
        }
        tx.adopted.add(path);
      } catch (MalformedFileException | InvalidEntityException e) {
        problems.add(Problem.of(path, e).toString());
        first = first == null ? e : first;
      } catch (IOException e) {
        throw new StoreException("cannot read " + file + ": " + e.getMessage() + "; nothing was committed", e);
      }
    }
    if (first != null) {
      String all = String.join("; ", problems);
      throw problems.size() == 1 ? first
          : new InvalidEntityException(problems.size() + " hand-edited files", null, all + "; nothing was committed");
    }
    tx.message("commit hand edits (" + changed.size() + (changed.size() == 1 ? " file)" : " files)"));
    String id = tx.commit();
    engine.flush();
    return id;
  }

  private void requireWorkingTree() {
    if (engine.repo().isBare()) {
      throw new StoreException(engine.repo().getDirectory() + " is a bare repository: it has no working tree");
    }
  }
}
