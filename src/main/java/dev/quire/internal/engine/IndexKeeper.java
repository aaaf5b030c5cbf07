package dev.quire.internal.engine;

import dev.quire.internal.git.TreeDiff;
import dev.quire.internal.index.IndexFile;
import dev.quire.internal.index.ReadIndex;
import dev.quire.internal.index.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Keeps the store's {@link ReadIndex}: loads it from {@code .git/quire/read-index} (or builds
 * it from the tree when the file is missing or cannot be used), moves it to the commit a read
 * asks about by the tree diff from where it is — a commit's own writes, a pull, a merge or a
 * plain {@code git commit} alike — and saves it when the store closes. A read of a commit far
 * from the index's (an old revision more than {@link #MAX_MOVE} paths away) scans instead, so
 * the index stays near the head. Queries run under this object's lock and return lists that
 * never change.
 */
final class IndexKeeper {
  private static final System.Logger LOG = System.getLogger(IndexKeeper.class.getName());
  /** A read of a commit this many changed paths away from the index (and not the head) scans. */
  static final int MAX_MOVE = 20_000;

  private final Engine engine;
  private final Path file;
  /** Null until the first query loads (or builds) it. */
  private ReadIndex index;
  private boolean dirty;

  IndexKeeper(Engine engine, Path privateDir) {
    this.engine = engine;
    this.file = privateDir.resolve("read-index");
  }

  Path file() {
    return file;
  }

  /** Runs {@code query} on the index moved to {@code view}'s commit; null when that commit is read by a scan. */
  synchronized List<Row> query(CommitView view, Function<ReadIndex, List<Row>> query) {
    try {
      ReadIndex at = moveTo(view);
      return at == null ? null : query.apply(at);
    } catch (java.io.UncheckedIOException e) { // a section of the file that does not read: build it again
      LOG.log(System.Logger.Level.WARNING, "the read index " + file + " is damaged (" + e.getMessage() + "); rebuilding it");
      drop();
      ReadIndex at = moveTo(view);
      return at == null ? null : query.apply(at);
    }
  }

  private ReadIndex moveTo(CommitView view) {
    if (index == null) {
      index = IndexFile.load(file, engine.layout());
      if (index == null) {
        index = ReadIndex.empty(engine.layout());
        dirty = true;
      }
    }
    if (java.util.Objects.equals(index.at(), view.commit)) {
      return index;
    }
    try (ObjectReader reader = engine.newReader()) {
      List<TreeDiff.Change> diff;
      try {
        diff = TreeDiff.ofCommits(reader, index.at(), view.commit);
      } catch (dev.quire.StoreException e) {
        // the index's commit is gone (a rewritten history): start again from the empty tree
        index = ReadIndex.empty(engine.layout());
        diff = TreeDiff.ofCommits(reader, null, view.commit);
      }
      if (diff.size() > MAX_MOVE && index.at() != null && !view.commit.equals(engine.head())) {
        return null;
      }
      List<ReadIndex.Change> changes = new ArrayList<>(diff.size());
      for (TreeDiff.Change c : diff) {
        if (!view.isAttachment(c.path())) {
          changes.add(new ReadIndex.Change(c.path(), c.newBlob()));
        }
      }
      java.util.Map<String, dev.quire.model.Entity> decoded = changes.size() < PARALLEL_FROM ? java.util.Map.of() : decodeInParallel(changes);
      index.moveTo(view.commit, changes, (path, blob) -> {
        dev.quire.model.Entity e = decoded.get(path);
        return e != null ? e : engine.decode(reader, path, blob);
      });
      dirty = true;
    }
    return index;
  }

  /** From this many changed files on (a rebuild), they are decoded on every core first. */
  private static final int PARALLEL_FROM = 2_000;

  private java.util.Map<String, dev.quire.model.Entity> decodeInParallel(List<ReadIndex.Change> changes) {
    java.util.Map<String, dev.quire.model.Entity> out = new java.util.concurrent.ConcurrentHashMap<>();
    int chunks = Runtime.getRuntime().availableProcessors() * 4;
    java.util.stream.IntStream.range(0, chunks).parallel().forEach(k -> {
      try (ObjectReader reader = engine.newReader()) {
        for (int i = k; i < changes.size(); i += chunks) {
          ReadIndex.Change c = changes.get(i);
          try {
            if (c.newBlob() != null && engine.layout().parse(c.path()).isPresent()) {
              out.put(c.path(), engine.decode(reader, c.path(), c.newBlob()));
            }
          } catch (dev.quire.StoreException e) {
            // a misplaced or bad file: the index itself skips it
          }
        }
      }
    });
    return out;
  }

  /** Writes the index if it changed since it was read (the store is closing). */
  synchronized void save() {
    if (!dirty || index == null) {
      return;
    }
    try {
      IndexFile.save(index, file);
      dirty = false;
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot save the read index " + file + ": " + e.getMessage()
          + "; it is rebuilt from the commits next time");
    }
  }

  /** Forgets the index in memory and on disk; the next read rebuilds it. */
  synchronized void drop() {
    index = null;
    dirty = false;
    try {
      java.nio.file.Files.deleteIfExists(file);
    } catch (IOException e) {
      // rebuilt anyway: a file that cannot be used is replaced
    }
  }
}
