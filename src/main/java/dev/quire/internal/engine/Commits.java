package dev.quire.internal.engine;

import dev.quire.ConflictException;
import dev.quire.StoreException;
import dev.quire.codec.Format;
import dev.quire.internal.git.BranchRef;
import dev.quire.internal.git.CommitObject;
import dev.quire.internal.git.PackInserter;
import dev.quire.internal.git.TreeDiff;
import dev.quire.internal.git.TreeUpdater;
import dev.quire.layout.Attachments;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The commit path of an {@link Engine}: a transaction's blobs encoded outside the lock, then
 * under it the re-check against a moved branch, constraints, objects, flush, compare-and-swap
 * of the branch, events, and the working tree caught up; also commits of prepared path changes
 * (merges, migrations), fast-forwards and the flush of the working tree.
 */
final class Commits {
  private final Engine engine;
  private long lastIndexSync = System.nanoTime();
  private long lastFilesSync = System.nanoTime();
  /** How long the last catch-ups took; the next ones wait at least ten times that. */
  private long lastIndexNanos;
  private long lastFilesNanos;

  Commits(Engine engine) {
    this.engine = engine;
  }

  /**
   * Commits a transaction. Returns the new commit, or null when it changed nothing.
   *
   * @throws Retry when the branch moved and touched what the transaction read or writes
   */
  ObjectId commit(Tx tx) {
    if (tx.staged.isEmpty()) {
      return null;
    }
    engine.requireWritable();
    // Encode outside the lock: blobs do not depend on the head. A big transaction (an import)
    // also hashes and deflates its blobs here, on every core, for the one pack it writes, and
    // does not fill the entity cache.
    SecretValues.Hidden hidden = engine.secretValues.hide(tx); // may stage sealed secrets: first
    boolean bulk = tx.staged.size() > BULK;
    Map<String, Object> contents = new LinkedHashMap<>(); // path -> byte[] or a prepared blob
    Map<String, Entity> written = new HashMap<>();
    List<String> paths = new ArrayList<>();
    List<Object> values = new ArrayList<>(); // the stored entity, or raw bytes
    for (Map.Entry<String, Staged> e : tx.staged.entrySet()) {
      Staged s = e.getValue();
      if (s.entity() != null) {
        Entity stored = hidden.entities().getOrDefault(e.getKey(), s.entity());
        if (!bulk) {
          written.put(e.getKey(), stored); // what reads return: attachment contents included
        }
        paths.add(e.getKey());
        if (s.file() != null && stored == s.entity()) { // no secrets hidden: the file form staged holds
          values.add(s.file());
        } else {
          values.add(stored.type() == EntityTypes.INTERACTIONS && Attachments.apart(engine.layout)
              ? Attachments.strip(stored).entity() : stored);
        }
      } else if (s.bytes() != null) {
        paths.add(e.getKey());
        values.add(s.bytes());
      }
    }
    Object[] encoded = new Object[paths.size()];
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, paths.size());
    (bulk ? range.parallel() : range).forEach(i -> {
      Object v = values.get(i);
      byte[] bytes = v instanceof Entity stored
          ? engine.codec.encode(stored, Format.ofFileName(paths.get(i)).orElse(Format.YAML))
          : (byte[]) v;
      encoded[i] = bulk ? PackInserter.prepare(Constants.OBJ_BLOB, bytes) : bytes;
    });
    values.clear();
    for (int i = 0; i < encoded.length; i++) {
      contents.put(paths.get(i), encoded[i]);
    }
    ObjectId committed;
    List<Change> events;
    engine.lock.lock();
    try {
      committed = commitLocked(tx, contents, written);
      if (committed == null) {
        return null;
      }
      synchronized (engine) {
        events = tx.applied != null && Objects.equals(engine.lastSeen, tx.applied.parent())
            ? Events.of(engine, tx, committed) : Events.between(engine, engine.lastSeen, committed);
        engine.lastSeen = committed;
      }
    } finally {
      engine.lock.unlock();
    }
    engine.secretValues.forget(hidden.deleted());
    engine.fire(events);
    return committed;
  }

  private ObjectId commitLocked(Tx tx, Map<String, Object> contents, Map<String, Entity> written) {
    for (int attempt = 0; ; attempt++) {
      ObjectId head = engine.head();
      CommitView at = Objects.equals(head, tx.base.commit) ? tx.base : engine.view(head);
      if (!Objects.equals(head, tx.base.commit)) {
        String clash = tx.clash(changedPaths(tx.base.tree, at.tree));
        if (clash != null) {
          throw new Engine.Retry(clash);
        }
      }
      try (ObjectReader reader = engine.newReader(); ObjectInserter inserter = newInserter()) {
        Map<String, ObjectId> headBlobs = at.blobsAt(reader, tx.staged.keySet()); // in staged order
        Constraints.checkUniques(tx, at);
        Constraints.checkCaseCollisions(engine, tx, at, headBlobs);
        if (engine.workingTree != null) {
          engine.workingTree.checkClean(reader, headBlobs, tx.adopted);
        }
        Map<String, ObjectId> changes = new LinkedHashMap<>(tx.staged.size() * 2); // in staged order
        for (Map.Entry<String, Staged> e : tx.staged.entrySet()) {
          Object content = contents.get(e.getKey());
          ObjectId blob = content == null ? null
              : content instanceof PackInserter.Prepared p ? ((PackInserter) inserter).insert(p)
              : inserter.insert(Constants.OBJ_BLOB, (byte[]) content);
          changes.put(e.getKey(), blob);
          if (written.containsKey(e.getKey())) {
            engine.cache.put(blob, written.get(e.getKey())); // read back without parsing
          }
        }
        ObjectId newTree = TreeUpdater.apply(reader, inserter, at.tree, changes, engine.objects);
        if (newTree.equals(at.tree)) {
          return null;
        }
        PersonIdent who = engine.identity();
        byte[] rawCommit = CommitObject.of(newTree, head == null ? List.of() : List.of(head), who,
            CommitMessages.message(tx, headBlobs, changes)).build();
        ObjectId commit = inserter.insert(Constants.OBJ_COMMIT, rawCommit);
        engine.objects.put(commit, Constants.OBJ_COMMIT, rawCommit);
        inserter.flush();
        BranchRef.Result result = engine.branch.compareAndSet(head, commit, who,
            "quire: " + CommitMessages.subject(tx, headBlobs, changes));
        switch (result) {
          case UPDATED -> {
            engine.packs.wrotePack();
            tx.applied = new Applied(head, headBlobs, changes);
            afterCommit(reader, tx, commit);
            return commit;
          }
          case LOCKED -> waitForLock(attempt); // another program (plain git) holds it, or a crash left it
          case MOVED -> { // another program (plain git) moved the branch: look again
            if (attempt >= engine.options.lockAttempts()) {
              throw new ConflictException("the branch " + engine.options.branch() + " kept moving under commits of"
                  + " another program; try again");
            }
          }
          default -> throw new IllegalStateException(result.toString());
        }
      } catch (IOException e) {
        throw new StoreException("cannot write to " + engine.repo.getDirectory() + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Every commit writes its objects as one pack: two new files (the pack and its index)
   * however many objects it has, where loose objects cost one file each (seven for a
   * single-entity commit, 100,000 for an import). {@link PackKeeper} merges the packs.
   */
  private ObjectInserter newInserter() {
    return new PackInserter(engine.repo, engine.options.fsync(), engine.packs.spares());
  }

  /**
   * Transactions with more writes than this are bulk: their blobs are hashed and wrapped on
   * every core before the lock, and reads are not cached from them.
   */
  static final int BULK = 500;

  private void afterCommit(ObjectReader reader, Tx tx, ObjectId commit) {
    if (engine.workingTree == null) {
      return;
    }
    engine.workingTree.adopt(tx.adopted);
    if (tx.staged.size() > BULK) {
      return; // a big transaction's files are written at the next flush or close, in parallel
    }
    long now = System.nanoTime();
    long filesInterval = Math.min(FILES_INTERVAL_NANOS, engine.options.indexSyncInterval().toNanos());
    if (now - lastFilesSync >= Math.max(filesInterval, 10 * lastFilesNanos)) {
      catchUpAfterCommit(commit, () -> engine.workingTree.syncFiles(reader, commit));
      lastFilesSync = System.nanoTime();
      lastFilesNanos = lastFilesSync - now;
    }
    if (now - lastIndexSync >= Math.max(engine.options.indexSyncInterval().toNanos(), 10 * lastIndexNanos)) {
      long t0 = System.nanoTime();
      catchUpAfterCommit(commit, () -> engine.workingTree.syncIndex(reader, commit));
      lastIndexSync = System.nanoTime();
      lastIndexNanos = lastIndexSync - t0;
    }
  }

  /**
   * Runs a catch-up of the working tree after the branch moved to {@code commit}. The commit
   * stands, so a failure (a full disk) is reported, not thrown: the catch-up stays recorded as
   * pending and the next write, flush or open finishes it.
   */
  private static void catchUpAfterCommit(ObjectId commit, Runnable catchUp) {
    try {
      catchUp.run();
    } catch (StoreException e) {
      LOG.log(System.Logger.Level.WARNING, "commit " + commit.name() + " is saved, but the working tree is not up to"
          + " date: " + e.getMessage() + "; the next write, flush or open brings it up to date");
    }
  }

  /**
   * Commits changes made outside a transaction (a migration step, a merge) on top of
   * {@code expected}, under the lock: {@code changes} maps a path to a blob id (an existing
   * object kept as it is), bytes (new content) or null (deleted), applied to {@code baseTree};
   * {@code moreParents} makes it a merge. The branch moves by compare-and-swap, events fire,
   * and the working tree is brought up to date after {@code beforeFiles} (which may move
   * whole folders on disk).
   */
  ObjectId commitChanges(ObjectId expected, List<ObjectId> moreParents, ObjectId baseTree,
      Map<String, Object> changes, String message, Runnable beforeFiles) {
    engine.requireWritable();
    ObjectId commit;
    List<Change> events;
    engine.lock.lock();
    try (ObjectReader reader = engine.newReader(); ObjectInserter inserter = newInserter()) {
      requireHead(expected);
      Map<String, ObjectId> blobs = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : changes.entrySet()) {
        blobs.put(e.getKey(), e.getValue() instanceof byte[] bytes
            ? inserter.insert(Constants.OBJ_BLOB, bytes) : (ObjectId) e.getValue());
      }
      PersonIdent who = engine.identity();
      List<ObjectId> parents = new ArrayList<>();
      if (expected != null) {
        parents.add(expected);
      }
      parents.addAll(moreParents);
      commit = inserter.insert(CommitObject.of(TreeUpdater.apply(reader, inserter, baseTree, blobs, engine.objects), parents,
          who, message));
      inserter.flush();
      engine.packs.wrotePack();
      events = moveBranchLocked(reader, expected, commit, who, message.lines().findFirst().orElse(""), beforeFiles);
    } catch (IOException e) {
      throw new StoreException("cannot write to " + engine.repo.getDirectory() + ": " + e.getMessage(), e);
    } finally {
      engine.lock.unlock();
    }
    engine.fire(events);
    return commit;
  }

  /**
   * Moves the branch from {@code expected} to an existing commit (a fast-forward after a
   * fetch), with events and the working tree brought up to date.
   */
  void advance(ObjectId expected, ObjectId target) {
    engine.requireWritable();
    List<Change> events;
    engine.lock.lock();
    try (ObjectReader reader = engine.newReader()) {
      requireHead(expected);
      events = moveBranchLocked(reader, expected, target, engine.identity(), "sync: fast-forward", () -> { });
      engine.packs.wrotePack(); // what was fetched or pushed arrived as a pack of its own
    } catch (IOException e) {
      throw new StoreException("cannot move " + engine.options.branch() + ": " + e.getMessage(), e);
    } finally {
      engine.lock.unlock();
    }
    engine.fire(events);
  }

  private void requireHead(ObjectId expected) {
    if (!Objects.equals(engine.head(), expected)) {
      throw new ConflictException("the branch " + engine.options.branch() + " moved meanwhile; nothing was written, try again");
    }
  }

  /** Under the lock: compare-and-swap, the events of the move, the working tree. */
  private List<Change> moveBranchLocked(ObjectReader reader, ObjectId expected, ObjectId target,
      PersonIdent who, String reflog, Runnable beforeFiles) throws IOException {
    for (int attempt = 0; ; attempt++) {
      BranchRef.Result result = engine.branch.compareAndSet(expected, target, who, "quire: " + reflog);
      if (result == BranchRef.Result.UPDATED) {
        break;
      }
      if (result == BranchRef.Result.MOVED) {
        throw new ConflictException("the branch " + engine.options.branch() + " moved meanwhile; nothing was written,"
            + " try again");
      }
      waitForLock(attempt);
    }
    List<Change> events;
    synchronized (engine) {
      events = Events.between(engine, engine.lastSeen, target);
      engine.lastSeen = target;
    }
    if (engine.workingTree != null) {
      beforeFiles.run();
      catchUpAfterCommit(target, () -> engine.workingTree.catchUp(reader, target));
      lastIndexSync = lastFilesSync = System.nanoTime();
    }
    return events;
  }

  /** Working-tree files are caught up at most this often while writing. */
  private static final long FILES_INTERVAL_NANOS = 1_000_000_000L;

  /** Brings the working tree and index up to the head (no-op for a bare repository). */
  void flush() {
    if (engine.workingTree == null) {
      return;
    }
    engine.lock.lock();
    try (ObjectReader reader = engine.newReader()) {
      long t0 = System.nanoTime();
      engine.workingTree.catchUp(reader, engine.head());
      lastIndexSync = lastFilesSync = System.nanoTime();
      lastIndexNanos = lastIndexSync - t0;
    } finally {
      engine.lock.unlock();
    }
  }

  /** A branch lock younger than this past the lock attempts is waited for until it is stale. */
  private static final Duration MAX_EXTRA_WAIT = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger("dev.quire");

  /**
   * After the branch was found locked, under the store's own lock (no Quire writer of this
   * store is committing): removes a lock file older than the stale bound (left by a writer
   * that crashed) with a warning, or waits a little. Once the lock attempts are used up it
   * waits, once, for a young lock to become stale when that is soon; otherwise it gives up.
   *
   * @throws ConflictException when another program keeps the branch locked
   */
  private void waitForLock(int attempt) throws IOException {
    Duration bound = engine.options.staleLockAfter();
    Duration age = engine.branch.lockAge();
    if (age == null) {
      return; // gone already: try again
    }
    if (age.compareTo(bound) >= 0) {
      if (engine.branch.removeLockOlderThan(bound)) {
        LOG.log(System.Logger.Level.WARNING, "removed " + engine.branch.lockFile() + ", a branch lock written "
            + age.toMillis() + " ms ago that no running writer holds (left by a process that stopped)");
      }
      return;
    }
    if (attempt < engine.options.lockAttempts()) {
      sleep(attempt);
      return;
    }
    Duration left = bound.minus(age);
    if (attempt == engine.options.lockAttempts() && left.compareTo(MAX_EXTRA_WAIT) <= 0) {
      pause(left.toMillis() + 20);
      return;
    }
    throw new ConflictException("the branch " + engine.options.branch() + " stayed locked by another program ("
        + engine.branch.lockFile() + ", written " + age.toMillis() + " ms ago); if no git or quire process is"
        + " using this repository, it was left by one that stopped and is removed once it is older than "
        + bound.toMillis() + " ms; try again");
  }

  private static void sleep(int attempt) {
    pause(Math.min(50, 1 + attempt * 2L));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the branch lock");
    }
  }

  private Set<String> changedPaths(ObjectId fromTree, ObjectId toTree) {
    Set<String> out = new HashSet<>();
    try (ObjectReader reader = engine.newReader()) {
      TreeDiff.ofTrees(reader, fromTree, toTree).forEach(c -> out.add(c.path()));
    }
    return out;
  }
}
