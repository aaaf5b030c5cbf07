package dev.quire.internal.engine;

import dev.quire.ConflictException;
import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.internal.git.BranchRef;
import dev.quire.internal.git.CachingReader;
import dev.quire.internal.git.ObjectCache;
import dev.quire.internal.git.RepoLock;
import dev.quire.layout.EntityPath;
import dev.quire.layout.Layout;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The engine behind {@code dev.quire.store.Store}, one per open store: its repository, lock,
 * branch, caches and secrets; reading commits ({@link CommitView}); transactions ({@link Tx},
 * committed by {@link Commits}); head changes turned into {@link Change} events. Features use
 * it only as a {@link Seam}.
 */
public final class Engine implements Seam {
  /** The branch moved and changed something a transaction depends on. */
  public static final class Retry extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Retry(String message) {
      super(message, null, false, false);
    }
  }

  final Repository repo;
  final EngineConfig options;
  final EntityCodec codec;
  final Layout layout;
  final String refName;
  final EntityCache cache = new EntityCache(200_000);
  final ObjectCache objects = new ObjectCache(64L << 20);
  final Map<String, String> parentHints = new ConcurrentHashMap<>();
  final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
  final Path privateDir;
  final RepoLock lock;
  final SecretValues secretValues;
  final BranchRef branch;
  final Commits commits;
  final IndexKeeper readIndex;
  final PackKeeper packs;
  PersonIdent identityTemplate;
  final WorkingTree workingTree;
  volatile ObjectId lastSeen;
  /** The commit at which {@link #parentHints} lists every interaction, or null. */
  volatile ObjectId hintsAt;
  /** Whether the repository's folder can be written (false: a read-only folder or file system). */
  final boolean writable;

  public Engine(Repository repo, EngineConfig options, Layout layout) {
    this.repo = repo;
    this.options = options;
    this.codec = new EntityCodec(options.codecLimits());
    this.layout = layout;
    this.refName = Constants.R_HEADS + options.branch();
    this.privateDir = repo.getDirectory().toPath().resolve("quire");
    this.lock = new RepoLock(privateDir);
    this.secretValues = new SecretValues(privateDir);
    this.branch = new BranchRef(repo.getDirectory().toPath(), refName, options.fsync());
    this.lastSeen = head();
    this.writable = java.nio.file.Files.isWritable(repo.getDirectory().toPath());
    if (!writable) {
      readOnly = repo.getDirectory() + " cannot be written (a read-only folder or file system): the store can be read,"
          + " not written; make it writable to write";
    }
    this.workingTree = repo.isBare() || !writable ? null : new WorkingTree(repo, privateDir, lastSeen);
    followExternalChange(lastSeen);
    this.commits = new Commits(this);
    this.readIndex = new IndexKeeper(this, privateDir);
    this.packs = new PackKeeper(repo, privateDir, options.fsync());
  }

  /**
   * After a head change made outside this store (plain git, a pull, another program), brings
   * the files marker up to it: files git already updated are recognised as current, and later
   * catch-ups start from there instead of mistaking them for hand edits.
   */
  void followExternalChange(ObjectId head) {
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

  @Override
  public SecretValues secretValues() {
    return secretValues;
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
  volatile String readOnly;

  public void readOnly(String reason) {
    this.readOnly = reason;
  }

  /** The store's check-up: what {@link Doctor} finds, repaired where {@code repair}. */
  public List<Doctor.Finding> check(boolean repair) {
    return new Doctor(this, repair).run();
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
    packs.close();
    if (writable) {
      readIndex.save();
    }
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

  /** {@link #decode} of a file the read index has read at this path before: the cached entity needs no path check. */
  Entity decodePlaced(ObjectReader reader, String path, ObjectId blob) {
    Entity cached = cache.get(blob);
    return cached != null ? cached : decode(reader, path, blob);
  }

  /** The YAML path of an entity file: what a cached entity's own path is compared with (on every read). */
  static String withoutFormat(String path) {
    return path.endsWith(Format.JSON.extension()) ? Format.JSON.sibling(path, Format.YAML) : path;
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
      throw new StoreException("cannot read " + path + ": " + e.getMessage() + "; the repository is damaged: see"
          + " `git fsck`, then fetch the object again from a clone or remote, or restore the file from an older revision", e);
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
  void advanceHints(ObjectId from, ObjectId to, List<EntityPath> created, List<EntityPath> deleted) {
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
      events = Events.between(this, seen, head);
      lastSeen = head;
    }
    followExternalChange(head);
    fire(events);
    return head;
  }

  void fire(List<Change> events) {
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

  // ---- committing (see Commits) ------------------------------------------------------

  /**
   * Commits a transaction. Returns the new commit, or null when it changed nothing.
   *
   * @throws Retry when the branch moved and touched what the transaction read or writes
   */
  ObjectId commit(Tx tx) {
    return commits.commit(tx);
  }

  @Override
  public ObjectId commitChanges(ObjectId expected, List<ObjectId> moreParents, ObjectId baseTree,
      Map<String, Object> changes, String message, Runnable beforeFiles) {
    return commits.commitChanges(expected, moreParents, baseTree, changes, message, beforeFiles);
  }

  @Override
  public void advance(ObjectId expected, ObjectId target) {
    commits.advance(expected, target);
  }

  /** Brings the working tree and index up to the head (no-op for a bare repository). */
  public void flush() {
    commits.flush();
  }

  // ---- commit identity and messages -------------------------------------------------

  public PersonIdent identity() {
    PersonIdent template = identityTemplate;
    if (template == null) {
      template = identityTemplate = configuredIdentity();
    }
    return new PersonIdent(template, options.clock().instant(), java.time.ZoneOffset.UTC);
  }

  PersonIdent configuredIdentity() {
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
}
