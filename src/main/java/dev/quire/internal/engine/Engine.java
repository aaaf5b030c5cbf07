package dev.quire.internal.engine;

import dev.quire.internal.git.CommitObject;
import dev.quire.internal.git.Folders;
import dev.quire.internal.git.RepoLock;
import dev.quire.internal.git.CachingReader;
import dev.quire.internal.git.ObjectCache;
import dev.quire.internal.git.TreeDiff;
import dev.quire.internal.git.BranchRef;
import dev.quire.internal.git.TreeUpdater;
import dev.quire.internal.git.PackInserter;
import dev.quire.internal.git.LooseObjectInserter;
import dev.quire.ConflictException;
import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.layout.Attachments;
import dev.quire.layout.EntityPath;
import dev.quire.layout.FileNames;
import dev.quire.layout.Layout;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.Placement;
import dev.quire.model.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The machinery behind {@link Store}: reading snapshots, committing transactions (objects,
 * flush, compare-and-swap of the branch, then the working tree), and turning head changes into
 * events. One per open store.
 */
public final class Engine implements Seam {
  /** The branch moved and changed something a transaction depends on. */
  public static final class Retry extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Retry(String message) {
      super(message, null, false, false);
    }
  }

  private final Repository repo;
  private final EngineConfig options;
  private final EntityCodec codec;
  private final Layout layout;
  private final String refName;
  private final EntityCache cache = new EntityCache(200_000);
  private final ObjectCache objects = new ObjectCache(64L << 20);
  private final Map<String, String> parentHints = new ConcurrentHashMap<>();
  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final Path privateDir;
  private final RepoLock lock;
  private final LocalSecrets secrets;
  private final BranchRef branch;
  private PersonIdent identityTemplate;
  private final WorkingTree workingTree;
  private volatile ObjectId lastSeen;
  /** The commit at which {@link #parentHints} lists every interaction, or null. */
  private volatile ObjectId hintsAt;
  private long lastIndexSync = System.nanoTime();
  private long lastFilesSync = System.nanoTime();
  /** How long the last catch-ups took; the next ones wait at least ten times that. */
  private long lastIndexNanos;
  private long lastFilesNanos;

  public Engine(Repository repo, EngineConfig options, Layout layout) {
    this.repo = repo;
    this.options = options;
    this.codec = new EntityCodec(options.codecLimits());
    this.layout = layout;
    this.refName = Constants.R_HEADS + options.branch();
    this.privateDir = repo.getDirectory().toPath().resolve("quire");
    this.lock = new RepoLock(privateDir);
    this.secrets = new LocalSecrets(privateDir);
    this.branch = new BranchRef(repo.getDirectory().toPath(), refName, options.fsync());
    this.lastSeen = head();
    this.workingTree = repo.isBare() ? null : new WorkingTree(repo, privateDir, lastSeen);
    followExternalChange(lastSeen);
  }

  /**
   * After a head change made outside this store (plain git, a pull, another program), brings
   * the files marker up to it: files git already updated are recognised as current, and later
   * catch-ups start from there instead of mistaking them for hand edits.
   */
  private void followExternalChange(ObjectId head) {
    if (workingTree == null || head == null) {
      return;
    }
    lock.lock();
    try (ObjectReader reader = newReader()) {
      workingTree.syncFiles(reader, head);
    } finally {
      lock.unlock();
    }
  }

  public Repository repo() {
    return repo;
  }

  /** The secret values of the local secret store. */
  public java.util.Collection<String> secretValues() {
    return secrets.values();
  }

  @Override
  public LocalSecrets secrets() {
    return secrets;
  }

  @Override
  public Path privateDirectory() {
    return privateDir;
  }

  @Override
  public String branch() {
    return options.branch();
  }

  @Override
  public java.time.Clock clock() {
    return options.clock();
  }

  /** A transaction on the head, to commit by hand (not re-run on conflict). */
  public Tx begin() {
    return new Tx(this, view(refresh()));
  }

  @Override
  public String transact(java.util.function.Consumer<Tx> work) {
    String[] commit = new String[1];
    run(tx -> {
      work.accept(tx);
      return null;
    }, commit);
    return commit[0];
  }

  /**
   * Runs {@code work} as one transaction and commits it, re-running it on the new head (up to
   * the configured retries) when another writer changed what it read or writes meanwhile;
   * {@code commit[0]} receives the new commit id (null when nothing changed).
   */
  public <T> T run(java.util.function.Function<Tx, T> work, String[] commit) {
    String lastClash = null;
    for (int attempt = 0; attempt <= options.transactionRetries(); attempt++) {
      Tx tx = begin();
      T result = work.apply(tx);
      try {
        ObjectId id = commit(tx);
        commit[0] = id == null ? null : id.name();
        return result;
      } catch (Retry r) {
        lastClash = r.getMessage();
      }
    }
    throw new ConflictException("gave up after " + (options.transactionRetries() + 1) + " attempts:"
        + " other writers kept changing " + lastClash + "; try again");
  }

  /** Why this store cannot be written (an older schema version), or null. */
  private volatile String readOnly;

  public void readOnly(String reason) {
    this.readOnly = reason;
  }

  /** Fails with the reason when this store cannot be written. */
  public void requireWritable() {
    if (readOnly != null) {
      throw new StoreException(readOnly);
    }
  }

  public Layout layout() {
    return layout;
  }

  public EngineConfig options() {
    return options;
  }

  public EntityCodec codec() {
    return codec;
  }

  public WorkingTree workingTree() {
    return workingTree;
  }

  public String refName() {
    return refName;
  }

  public ObjectReader newReader() {
    return new CachingReader(repo.newObjectReader(), objects);
  }

  public void addListener(ChangeListener l) {
    listeners.add(Objects.requireNonNull(l, "listener == null"));
  }

  public void removeListener(ChangeListener l) {
    listeners.remove(l);
  }

  /** Records that interaction {@code id} lives under conversation {@code parentId}. */
  public void hint(String id, String parentId) {
    parentHints.put(id, parentId);
  }

  public void close() {
    lock.close();
    repo.close();
  }

  // ---- reading ------------------------------------------------------------------------

  /** The branch head, or null before the first commit. */
  public ObjectId head() {
    try {
      return branch.read();
    } catch (IOException e) {
      throw new StoreException("cannot read the branch " + refName + ": " + e.getMessage(), e);
    }
  }

  public CommitView view(ObjectId commit) {
    if (commit == null) {
      return new CommitView(this, null, null);
    }
    try (ObjectReader reader = newReader(); RevWalk rw = new RevWalk(reader)) {
      RevCommit c = rw.parseCommit(commit);
      return new CommitView(this, c.copy(), c.getTree().copy());
    } catch (IOException e) {
      throw new StoreException("cannot read commit " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  public Entity decode(ObjectReader reader, String path, ObjectId blob) {
    Entity cached = cache.get(blob);
    if (cached != null && layout.pathOf(cached, Format.YAML).path().equals(withoutFormat(path))) {
      return cached;
    }
    Entity e = layout.decode(path, bytes(reader, blob, options.codecLimits().maxFileBytes(), path), codec);
    cache.put(blob, e);
    if (e.parentId() != null) {
      parentHints.put(e.id(), e.parentId());
    }
    return e;
  }

  private static String withoutFormat(String path) {
    return path.endsWith(Format.JSON.extension())
        ? path.substring(0, path.length() - Format.JSON.extension().length()) + Format.YAML.extension()
        : path;
  }

  public byte[] bytes(ObjectReader reader, ObjectId blob, long limit, String path) {
    try {
      ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
      if (loader.getSize() > limit) {
        throw new MalformedFileException(path, 0, 0, "the file is " + loader.getSize()
            + " bytes, larger than the limit of " + limit + " bytes");
      }
      return loader.getCachedBytes(Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new StoreException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  public String parentHint(String id) {
    return parentHints.get(id);
  }

  /**
   * Whether the id → conversation map is complete for {@code commit}; builds it (one walk of
   * the interactions folder) when {@code commit} is the head and it has not been built.
   */
  public boolean hintsComplete(CommitView view) {
    if (view.commit == null) {
      return true;
    }
    if (view.commit.equals(hintsAt)) {
      return true;
    }
    if (hintsAt != null || !view.commit.equals(lastSeen)) {
      return false;
    }
    synchronized (this) {
      if (hintsAt == null && view.commit.equals(lastSeen)) {
        try (ObjectReader reader = newReader()) {
          for (CommitView.Located l : view.walk(reader, layout.folderOf(dev.quire.model.EntityTypes.INTERACTIONS), true)) {
            try {
              layout.parse(l.path()).ifPresent(p -> parentHints.put(p.id(), p.parentId()));
            } catch (InvalidEntityException e) {
              // misplaced: reported when read
            }
          }
        }
        hintsAt = view.commit;
      }
    }
    return view.commit.equals(hintsAt);
  }

  /** Moves the id → conversation map from {@code from} to {@code to} along a diff. */
  private void advanceHints(ObjectId from, ObjectId to, List<EntityPath> created, List<EntityPath> deleted) {
    for (EntityPath p : deleted) {
      if (p.parentId() != null) {
        parentHints.remove(p.id(), p.parentId());
      }
    }
    for (EntityPath p : created) {
      if (p.parentId() != null) {
        parentHints.put(p.id(), p.parentId());
      }
    }
    if (Objects.equals(hintsAt, from)) {
      hintsAt = to;
    }
  }

  /** The entity with its secret references replaced by the values of the secret store. */
  public Entity reveal(Entity e) {
    Entity out = e;
    for (String field : e.type().secretFields()) {
      Object v = e.get(field);
      if (SecretRef.isReference(v)) {
        String secret = secrets.get((String) v);
        if (secret != null) {
          out = out.with(field, secret);
        }
      }
    }
    return out;
  }

  /** The entity as it is written: secret values moved to the secret store, references left. */
  private Entity hide(Entity e) {
    Entity out = e;
    for (String field : e.type().secretFields()) {
      Object v = e.get(field);
      if (v instanceof String s && !SecretRef.isReference(s)) {
        String ref = SecretRef.of(e.type(), e.id(), field);
        secrets.put(ref, s);
        out = out.with(field, ref);
      }
    }
    return out;
  }

  // ---- head changes and events -----------------------------------------------------------

  /** Notices a head moved by someone else, tells the listeners, and returns the head read. */
  public ObjectId refresh() {
    ObjectId head = head();
    ObjectId seen = lastSeen;
    if (Objects.equals(head, seen)) {
      return head;
    }
    List<Change> events;
    synchronized (this) {
      if (!Objects.equals(lastSeen, seen)) {
        return head; // another thread got there first
      }
      events = events(seen, head);
      lastSeen = head;
    }
    followExternalChange(head);
    fire(events);
    return head;
  }

  private List<Change> events(ObjectId from, ObjectId to) {
    List<Change> out = new ArrayList<>();
    if (to == null) {
      return out;
    }
    List<EntityPath> present = new ArrayList<>();
    List<EntityPath> gone = new ArrayList<>();
    try (ObjectReader reader = newReader()) {
      for (TreeDiff.Change c : TreeDiff.ofCommits(reader, from, to)) {
        EntityPath p;
        try {
          p = layout.parse(c.path()).orElse(null);
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
    advanceHints(from, to, present, gone);
    return out;
  }

  /**
   * The events of a transaction that was committed right on top of the last head seen: read
   * off what it staged, without diffing trees (a big import changes 100,000 paths).
   */
  private List<Change> events(Tx tx, ObjectId to) {
    Tx.Applied a = tx.applied;
    boolean wanted = !listeners.isEmpty(); // events are built only for someone to hear them
    List<Change> out = new ArrayList<>();
    List<EntityPath> present = new ArrayList<>();
    List<EntityPath> gone = new ArrayList<>();
    String from = a.parent() == null ? null : a.parent().name();
    String toName = to.name();
    for (Map.Entry<String, Tx.Staged> e : tx.staged.entrySet()) {
      Tx.Staged s = e.getValue();
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
          layout.parse(e.getKey()).ifPresent(gone::add);
        } catch (InvalidEntityException ex) {
          continue;
        }
      }
      if (wanted) {
        Change.Kind kind = Change.of(before, after);
        out.add(new Change(s.type(), s.id(), kind, from, toName));
      }
    }
    advanceHints(a.parent(), to, present, gone);
    return out;
  }

  private void fire(List<Change> events) {
    if (events.isEmpty()) {
      return;
    }
    List<Change> unmodifiable = List.copyOf(events);
    for (ChangeListener l : listeners) {
      try {
        l.changed(unmodifiable);
      } catch (RuntimeException e) {
        // a listener's failure must not undo or hide the commit
      }
    }
  }

  // ---- committing -----------------------------------------------------------------------

  /**
   * Commits a transaction. Returns the new commit, or null when it changed nothing.
   *
   * @throws Retry when the branch moved and touched what the transaction read or writes
   */
  public ObjectId commit(Tx tx) {
    if (tx.staged.isEmpty()) {
      return null;
    }
    requireWritable();
    // Encode outside the lock: blobs do not depend on the head. A big transaction (an import)
    // also hashes and deflates its blobs here, on every core, for the one pack it writes, and
    // does not fill the entity cache.
    boolean bulk = tx.staged.size() > BULK;
    Map<String, Object> contents = new LinkedHashMap<>(); // path -> byte[] or a prepared blob
    Map<String, Entity> written = new HashMap<>();
    // entities kept by this transaction: only needed when one with secrets is also deleted (moved)
    Set<String> kept = new HashSet<>();
    if (tx.staged.values().stream().anyMatch(s -> s.isDelete() && s.type() != null && !s.type().secretFields().isEmpty())) {
      for (Tx.Staged s : tx.staged.values()) {
        if (s.entity() != null) {
          kept.add(s.type().folder() + "/" + s.id());
        }
      }
    }
    Set<String> secretsRemoved = new HashSet<>();
    List<String> paths = new ArrayList<>();
    List<Object> values = new ArrayList<>(); // the stored entity, or raw bytes
    for (Map.Entry<String, Tx.Staged> e : tx.staged.entrySet()) {
      Tx.Staged s = e.getValue();
      if (s.entity() != null) {
        Entity stored = hide(s.entity());
        if (!bulk) {
          written.put(e.getKey(), stored); // what reads return: attachment contents included
        }
        paths.add(e.getKey());
        if (s.file() != null && stored == s.entity()) { // no secrets hidden: the file form staged holds
          values.add(s.file());
        } else {
          values.add(stored.type() == EntityTypes.INTERACTIONS && Attachments.apart(layout)
              ? Attachments.strip(stored).entity() : stored);
        }
      } else if (s.bytes() != null) {
        paths.add(e.getKey());
        values.add(s.bytes());
      } else if (s.type() != null && !kept.contains(s.type().folder() + "/" + s.id())) {
        for (String field : s.type().secretFields()) {
          secretsRemoved.add(SecretRef.of(s.type(), s.id(), field));
        }
      }
    }
    Object[] encoded = new Object[paths.size()];
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, paths.size());
    (bulk ? range.parallel() : range).forEach(i -> {
      Object v = values.get(i);
      byte[] bytes = v instanceof Entity stored
          ? codec.encode(stored, Format.ofFileName(paths.get(i)).orElse(Format.YAML))
          : (byte[]) v;
      encoded[i] = bulk ? PackInserter.prepare(Constants.OBJ_BLOB, bytes) : bytes;
    });
    values.clear();
    for (int i = 0; i < encoded.length; i++) {
      contents.put(paths.get(i), encoded[i]);
    }
    ObjectId committed;
    List<Change> events;
    lock.lock();
    try {
      committed = commitLocked(tx, contents, written);
      if (committed == null) {
        return null;
      }
      synchronized (this) {
        events = tx.applied != null && Objects.equals(lastSeen, tx.applied.parent())
            ? events(tx, committed) : events(lastSeen, committed);
        lastSeen = committed;
      }
    } finally {
      lock.unlock();
    }
    secretsRemoved.forEach(secrets::remove);
    fire(events);
    return committed;
  }

  private ObjectId commitLocked(Tx tx, Map<String, Object> contents, Map<String, Entity> written) {
    for (int attempt = 0; ; attempt++) {
      ObjectId head = head();
      CommitView at = Objects.equals(head, tx.base.commit) ? tx.base : view(head);
      if (!Objects.equals(head, tx.base.commit)) {
        String clash = tx.clash(changedPaths(tx.base.tree, at.tree));
        if (clash != null) {
          throw new Retry(clash);
        }
      }
      try (ObjectReader reader = newReader(); ObjectInserter inserter = inserter(tx.staged.size())) {
        Map<String, ObjectId> headBlobs = at.blobsAt(reader, tx.staged.keySet()); // in staged order
        checkUniques(tx, at);
        checkCaseCollisions(tx, at, headBlobs);
        if (workingTree != null) {
          workingTree.checkClean(reader, headBlobs, tx.adopted);
        }
        Map<String, ObjectId> changes = new LinkedHashMap<>(tx.staged.size() * 2); // in staged order
        for (Map.Entry<String, Tx.Staged> e : tx.staged.entrySet()) {
          Object content = contents.get(e.getKey());
          ObjectId blob = content == null ? null
              : content instanceof PackInserter.Prepared p ? ((PackInserter) inserter).insert(p)
              : inserter.insert(Constants.OBJ_BLOB, (byte[]) content);
          changes.put(e.getKey(), blob);
          if (written.containsKey(e.getKey())) {
            cache.put(blob, written.get(e.getKey())); // read back without parsing
          }
        }
        ObjectId newTree = TreeUpdater.apply(reader, inserter, at.tree, changes, objects);
        if (newTree.equals(at.tree)) {
          return null;
        }
        byte[] rawCommit = CommitObject.of(newTree, head == null ? List.of() : List.of(head), identity(),
            message(tx, headBlobs, changes)).build();
        ObjectId commit = inserter.insert(Constants.OBJ_COMMIT, rawCommit);
        objects.put(commit, Constants.OBJ_COMMIT, rawCommit);
        inserter.flush();
        BranchRef.Result result = branch.compareAndSet(head, commit, identity(),
            "quire: " + subject(tx, headBlobs, changes));
        switch (result) {
          case UPDATED -> {
            tx.applied = new Tx.Applied(head, headBlobs, changes);
            afterCommit(reader, tx, commit);
            return commit;
          }
          case LOCKED, MOVED -> {
            // another program (plain git) holds or moved the branch: look again
            if (attempt >= options.lockAttempts()) {
              throw new ConflictException("the branch " + options.branch() + " stayed locked by"
                  + " another program; try again");
            }
            if (result == BranchRef.Result.LOCKED) {
              sleep(attempt);
            }
          }
          default -> throw new IllegalStateException(result.toString());
        }
      } catch (IOException e) {
        throw new StoreException("cannot write to " + repo.getDirectory() + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Small transactions write loose objects (a few files); big ones (imports, bulk saves) one
   * pack, so that 100,000 entities do not become 100,000 files.
   */
  private ObjectInserter inserter(int writes) {
    boolean fsync = options.fsync();
    return writes > BULK ? new PackInserter(repo, fsync) : new LooseObjectInserter(repo, fsync);
  }

  /** Transactions with more writes than this go into one pack. */
  public static final int BULK = 500;

  private void afterCommit(ObjectReader reader, Tx tx, ObjectId commit) {
    if (workingTree == null) {
      return;
    }
    workingTree.adopt(tx.adopted);
    if (tx.staged.size() > BULK) {
      return; // a big transaction's files are written at the next flush or close, in parallel
    }
    long now = System.nanoTime();
    long filesInterval = Math.min(FILES_INTERVAL_NANOS, options.indexSyncInterval().toNanos());
    if (now - lastFilesSync >= Math.max(filesInterval, 10 * lastFilesNanos)) {
      workingTree.syncFiles(reader, commit);
      lastFilesSync = System.nanoTime();
      lastFilesNanos = lastFilesSync - now;
    }
    if (now - lastIndexSync >= Math.max(options.indexSyncInterval().toNanos(), 10 * lastIndexNanos)) {
      long t0 = System.nanoTime();
      workingTree.syncIndex(reader, commit);
      lastIndexSync = System.nanoTime();
      lastIndexNanos = lastIndexSync - t0;
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
  public ObjectId commitChanges(ObjectId expected, List<ObjectId> moreParents, ObjectId baseTree,
      Map<String, Object> changes, String message, Runnable beforeFiles) {
    requireWritable();
    ObjectId commit;
    List<Change> events;
    lock.lock();
    try (ObjectReader reader = newReader(); ObjectInserter inserter = inserter(changes.size())) {
      requireHead(expected);
      Map<String, ObjectId> blobs = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : changes.entrySet()) {
        blobs.put(e.getKey(), e.getValue() instanceof byte[] bytes
            ? inserter.insert(Constants.OBJ_BLOB, bytes) : (ObjectId) e.getValue());
      }
      PersonIdent who = identity();
      List<ObjectId> parents = new ArrayList<>();
      if (expected != null) {
        parents.add(expected);
      }
      parents.addAll(moreParents);
      commit = inserter.insert(CommitObject.of(TreeUpdater.apply(reader, inserter, baseTree, blobs, objects), parents,
          who, message));
      inserter.flush();
      events = moveBranchLocked(reader, expected, commit, who, message.lines().findFirst().orElse(""), beforeFiles);
    } catch (IOException e) {
      throw new StoreException("cannot write to " + repo.getDirectory() + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
    fire(events);
    return commit;
  }

  /**
   * Moves the branch from {@code expected} to an existing commit (a fast-forward after a
   * fetch), with events and the working tree brought up to date.
   */
  public void advance(ObjectId expected, ObjectId target) {
    requireWritable();
    List<Change> events;
    lock.lock();
    try (ObjectReader reader = newReader()) {
      requireHead(expected);
      events = moveBranchLocked(reader, expected, target, identity(), "sync: fast-forward", () -> { });
    } catch (IOException e) {
      throw new StoreException("cannot move " + options.branch() + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
    fire(events);
  }

  private void requireHead(ObjectId expected) {
    if (!Objects.equals(head(), expected)) {
      throw new ConflictException("the branch " + options.branch() + " moved meanwhile; nothing was written, try again");
    }
  }

  /** Under the lock: compare-and-swap, the events of the move, the working tree. */
  private List<Change> moveBranchLocked(ObjectReader reader, ObjectId expected, ObjectId target,
      PersonIdent who, String reflog, Runnable beforeFiles) throws IOException {
    if (branch.compareAndSet(expected, target, who, "quire: " + reflog) != BranchRef.Result.UPDATED) {
      throw new ConflictException("the branch " + options.branch() + " moved meanwhile; nothing was written, try again");
    }
    List<Change> events;
    synchronized (this) {
      events = events(lastSeen, target);
      lastSeen = target;
    }
    if (workingTree != null) {
      beforeFiles.run();
      workingTree.catchUp(reader, target);
      lastIndexSync = lastFilesSync = System.nanoTime();
    }
    return events;
  }

  /** Working-tree files are caught up at most this often while writing. */
  private static final long FILES_INTERVAL_NANOS = 1_000_000_000L;

  /** Brings the working tree and index up to the head (no-op for a bare repository). */
  public void flush() {
    if (workingTree == null) {
      return;
    }
    lock.lock();
    try (ObjectReader reader = newReader()) {
      long t0 = System.nanoTime();
      workingTree.catchUp(reader, head());
      lastIndexSync = lastFilesSync = System.nanoTime();
      lastIndexNanos = lastIndexSync - t0;
    } finally {
      lock.unlock();
    }
  }

  private static void sleep(int attempt) {
    try {
      Thread.sleep(Math.min(50, 1 + attempt * 2L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the branch lock");
    }
  }

  private Set<String> changedPaths(ObjectId fromTree, ObjectId toTree) {
    Set<String> out = new HashSet<>();
    try (ObjectReader reader = newReader()) {
      TreeDiff.ofTrees(reader, fromTree, toTree).forEach(c -> out.add(c.path()));
    }
    return out;
  }

  // ---- constraints ------------------------------------------------------------------------

  private void checkUniques(Tx tx, CommitView at) {
    Set<EntityType> types = new HashSet<>();
    for (Tx.Staged s : tx.staged.values()) {
      if (s.entity() != null && !s.type().uniques().isEmpty()) {
        types.add(s.type());
      }
    }
    for (EntityType type : types) {
      Map<String, Entity> state = new LinkedHashMap<>();
      for (Entity e : at.list(type)) {
        state.put(e.id(), e);
      }
      for (Tx.Staged s : tx.staged.values()) {
        if (s.type() == type) {
          if (s.entity() == null) {
            state.remove(s.id());
          } else {
            state.put(s.id(), s.entity());
          }
        }
      }
      for (var c : dev.quire.model.UniqueKeys.clashes(type, state.values(), e -> e)) {
        String id = c.second().id();
        String other = c.first().id();
        String mine = tx.staged.values().stream().anyMatch(s -> s.type() == type && id.equals(s.id())) ? id : other;
        String theirs = mine.equals(id) ? other : id;
        String fields = String.join("+", c.fields());
        throw new ConflictException(type.folder() + " \"" + mine + "\": " + fields + " " + c.describe()
            + " is already used by \"" + theirs + "\"; " + fields + " must be unique among " + type.folder());
      }
    }
  }



  /** Ids of one type that differ only by case would collide on macOS and Windows. */
  private void checkCaseCollisions(Tx tx, CommitView at, Map<String, ObjectId> headBlobs) {
    // folder -> (case key of a file stem -> that stem), for the folders that get new files:
    // the files already there (unless deleted), then the new ones
    Map<String, Map<String, String>> folders = new HashMap<>();
    String last = null;
    Map<String, String> stems = null;
    try (ObjectReader reader = newReader()) {
      for (Map.Entry<String, Tx.Staged> e : tx.staged.entrySet()) {
        String path = e.getKey();
        if (e.getValue().type() == null || e.getValue().entity() == null || headBlobs.get(path) != null) {
          continue;
        }
        if (!Folders.same(path, last)) {
          last = path;
          stems = folders.computeIfAbsent(Folders.of(path), f -> {
            Map<String, String> m = new HashMap<>();
            for (CommitView.Located l : at.walk(reader, f, false)) {
              Tx.Staged staged = tx.staged.get(l.path());
              if (staged == null || !staged.isDelete()) {
                String stem = stem(l.path(), f.length());
                m.put(FileNames.caseKeyOfName(stem), stem);
              }
            }
            return m;
          });
        }
        String stem = stem(path, path.lastIndexOf('/'));
        String other = stems.putIfAbsent(FileNames.caseKeyOfName(stem), stem);
        if (other != null && !other.equals(stem)) {
          throw new ConflictException(e.getValue().type().folder() + " \"" + e.getValue().id()
              + "\" differs only by letter case from the existing \"" + FileNames.decode(other)
              + "\"; their files would collide on macOS and Windows, choose another id");
        }
      }
    }
  }

  /** The file name of a path without its extension; {@code slash} is where the name begins, less one. */
  private static String stem(String path, int slash) {
    int dot = path.lastIndexOf('.');
    return path.substring(slash + 1, dot > slash ? dot : path.length());
  }

  // ---- commit identity and messages -------------------------------------------------

  public PersonIdent identity() {
    PersonIdent template = identityTemplate;
    if (template == null) {
      template = identityTemplate = configuredIdentity();
    }
    return new PersonIdent(template, options.clock().instant(), java.time.ZoneOffset.UTC);
  }

  private PersonIdent configuredIdentity() {
    String name = options.authorName();
    String email = options.authorEmail();
    if (name == null) {
      name = repo.getConfig().getString("user", null, "name");
      email = repo.getConfig().getString("user", null, "email");
    }
    if (name == null) {
      name = "Quire";
    }
    if (email == null) {
      email = "quire@localhost";
    }
    return new PersonIdent(name, email, options.clock().instant(), java.time.ZoneOffset.UTC);
  }

  private String message(Tx tx, Map<String, ObjectId> headBlobs, Map<String, ObjectId> changes) {
    StringBuilder sb = new StringBuilder(subject(tx, headBlobs, changes)).append("\n");
    List<String> lines = new ArrayList<>();
    int count = 0;
    for (Map.Entry<String, Tx.Staged> e : tx.staged.entrySet()) {
      if (Objects.equals(headBlobs.get(e.getKey()), changes.get(e.getKey()))) {
        continue;
      }
      if (++count <= MESSAGE_LINES) {
        Tx.Staged s = e.getValue();
        String verb = s.isDelete() ? "delete" : headBlobs.get(e.getKey()) == null ? "create" : "update";
        lines.add(verb + " " + (s.type() == null ? e.getKey() : s.type().folder() + " " + s.id()));
      }
    }
    if (count > 1) {
      sb.append('\n');
      lines.forEach(l -> sb.append(l).append('\n'));
      if (count > lines.size()) {
        sb.append("… and ").append(count - lines.size()).append(" more\n");
      }
    }
    sb.append("\nQuire-Changes: ").append(count).append('\n');
    return sb.toString();
  }

  /** Changes listed one per line in a commit message; the rest are counted. */
  private static final int MESSAGE_LINES = 50;

  private String subject(Tx tx, Map<String, ObjectId> headBlobs, Map<String, ObjectId> changes) {
    if (tx.message != null) {
      return tx.message.lines().findFirst().orElse("update");
    }
    Map.Entry<String, Tx.Staged> only = null;
    long saves = 0;
    long deletes = 0;
    for (Map.Entry<String, Tx.Staged> e : tx.staged.entrySet()) {
      if (!Objects.equals(headBlobs.get(e.getKey()), changes.get(e.getKey()))) {
        only = e;
        if (e.getValue().isDelete()) {
          deletes++;
        } else {
          saves++;
        }
      }
    }
    if (saves + deletes == 1) {
      Tx.Staged s = only.getValue();
      if (s.type() == null) {
        return (s.isDelete() ? "delete file " : "save file ") + only.getKey();
      }
      String noun = noun(s.type());
      if (s.isDelete()) {
        return "delete " + noun + " " + s.id();
      }
      String label = s.entity().label();
      return "save " + noun + " " + s.id() + (label == null ? "" : ": \"" + label + "\"");
    }
    return (saves > 0 ? "save " + saves + (deletes > 0 ? ", " : "") : "")
        + (deletes > 0 ? "delete " + deletes : "") + " entities";
  }

  /** "conversation", "prompt template" — from the shape's name. */
  public static String noun(EntityType type) {
    return type.shape().name().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
