package dev.quire.store;

import dev.quire.ConflictException;
import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.NotFoundException;
import dev.quire.StoreException;
import dev.quire.internal.engine.Change;
import dev.quire.internal.engine.ChangeListener;
import dev.quire.internal.engine.CommitView;
import dev.quire.internal.engine.Engine;
import dev.quire.internal.engine.FolderImport;
import dev.quire.internal.engine.HandEdits;
import dev.quire.internal.engine.Restore;
import dev.quire.internal.engine.Seam;
import dev.quire.layout.Layout;
import dev.quire.layout.Problem;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.schema.MigrationStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A Quire store: LiteChat's data as one file per entity in a Git repository, each write a
 * commit. The counterpart of LiteChat's PersistenceService.
 *
 * <p>Reads ({@link Snapshot}) come from the branch head; {@link #at} reads any revision.
 * Writes are transactions: {@link #put}, {@link #delete} and {@link #putAll} are one commit
 * each, {@link #transaction} runs many reads and writes as one commit and re-runs the work
 * (up to {@link StoreOptions#maxRetries()} times) when another writer moved the branch and
 * touched what it read. Safe for many threads and several processes on one repository.
 *
 * <p>With a working tree, files are updated right after each commit and Git's index when the
 * store is flushed or closed (and at most once per {@link StoreOptions#indexSyncInterval()}
 * while writing), so {@code git status} is clean after {@link #flush()} and {@link #close()}.
 *
 * <p>This class keeps reads, writes, transactions, history, restore, the working tree, events
 * and the life cycle; features are reached from it the same way everywhere and do not add to
 * it: {@code Sync.of(store)}, {@code Remotes.of(store)}, {@code Conflicts.of(store)} (package
 * {@code dev.quire.sync}), {@code FullExport}/{@code FullImport} ({@code dev.quire.exchange}).
 */
public final class Store implements Snapshot, AutoCloseable {
  /** The newest schema version this software knows. */
  public static final int SCHEMA_VERSION = dev.quire.schema.SchemaSet.NEWEST;

  private final Engine engine;
  private final StoreOptions options;
  private final Path directory;
  private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
  /**
   * Registered with the engine while there are listeners (the engine builds events only for
   * someone to hear them): each head change becomes StoreEvents once, for every listener.
   */
  private final ChangeListener fanOut = changes -> {
    List<StoreEvent> events = changes.stream().map(Store::event).toList();
    for (StoreListener l : listeners) {
      try {
        l.changed(events);
      } catch (RuntimeException e) {
        // a listener's failure must not undo or hide the commit, nor keep the others from hearing it
      }
    }
  };

  Store(Engine engine, StoreOptions options, Path directory) {
    this.engine = engine;
    this.options = options;
    this.directory = directory;
  }

  // ---- opening ----------------------------------------------------------------------------

  /** Creates a store with a working tree in {@code dir} (created if needed). */
  public static Store init(Path dir) {
    return init(dir, false, StoreOptions.defaults());
  }

  /**
   * Creates a store: a Git repository (bare or with a working tree) whose first commit holds
   * the manifest {@code quire.yaml} and what editors need to check entity files against the
   * schemas ({@link dev.quire.schema.EditorSupport}).
   *
   * @throws StoreException when {@code dir} already holds a Git repository
   */
  public static Store init(Path dir, boolean bare, StoreOptions options) {
    return Opening.init(dir, bare, options);
  }

  public static Store open(Path dir) {
    return open(dir, StoreOptions.defaults());
  }

  /**
   * Opens the store in {@code dir} (a working tree or a bare repository).
   *
   * @throws NotFoundException when there is no repository there
   * @throws StoreException when the store's schema version is newer than this software's
   */
  public static Store open(Path dir, StoreOptions options) {
    return Opening.open(dir, options);
  }

  /**
   * Migrates the store in {@code dir} to the newest schema version, one commit per step (a
   * pure function of the files, see {@link dev.quire.schema.Migration}); nothing when it is
   * current. The store must have no uncommitted hand edits.
   *
   * @param dryRun compute the steps and report them without committing
   */
  public static List<MigrationStep> migrate(Path dir, StoreOptions options, boolean dryRun) {
    return Opening.migrate(dir, options, dryRun);
  }

  /** The folder the store was opened on. */
  public Path directory() {
    return directory;
  }

  /** The options the store was opened with. */
  public StoreOptions options() {
    return options;
  }

  public boolean isBare() {
    return engine.repo().isBare();
  }

  /** The layout of the store's files (its schema version). */
  public Layout layout() {
    return engine.layout();
  }

  /**
   * The engine's one seam, for Quire's own features ({@code dev.quire.sync}, migrations, the
   * marketplace): read a commit, commit path changes with compare-and-swap. Not for
   * applications: use this class, {@link Snapshot} and {@link Transaction}.
   */
  public Seam seam() {
    return engine;
  }

  Engine engine() {
    return engine;
  }

  // ---- reading the head -------------------------------------------------------------------

  private CommitView head() {
    return engine.view(engine.refresh());
  }

  @Override
  public String commitId() {
    ObjectId head = engine.refresh();
    return head == null ? null : head.name();
  }

  @Override
  public Optional<Entity> get(EntityType type, String id) {
    return head().get(type, id);
  }

  @Override
  public List<Entity> list(EntityType type) {
    return head().list(type);
  }

  @Override
  public List<Entity> list(EntityType type, int offset, int limit) {
    return head().page(type, offset, limit);
  }

  @Override
  public List<Entity> find(EntityType type, String field, Object value) {
    return head().find(type, field, value);
  }

  @Override
  public List<Entity> interactionsStartedBetween(java.time.Instant from, java.time.Instant to) {
    return head().startedBetween(from, to);
  }

  @Override
  public List<Entity> interactions(String conversationId) {
    return head().interactions(conversationId);
  }

  @Override
  public List<Problem> problems() {
    return head().problems();
  }

  @Override
  public Optional<byte[]> readFile(String vfsKey, String path) {
    return head().readFile(vfsKey, path);
  }

  @Override
  public List<String> listFiles(String vfsKey, String folder) {
    return head().listFiles(vfsKey, folder);
  }

  /**
   * The store as it was at a revision ({@code HEAD~3}, a commit id, a tag, a branch).
   *
   * @throws NotFoundException when the revision does not exist
   */
  public Snapshot at(String revision) {
    return new View(commitAt(revision));
  }

  private CommitView commitAt(String revision) {
    try {
      ObjectId id = engine.repo().resolve(revision + "^{commit}");
      if (id == null) {
        throw new NotFoundException("no revision \"" + revision + "\" in " + directory);
      }
      return engine.view(id);
    } catch (IOException | RevisionSyntaxException e) {
      throw new NotFoundException("no revision \"" + revision + "\" in " + directory + ": " + e.getMessage());
    }
  }

  // ---- writing ----------------------------------------------------------------------------

  /** Saves one entity as one commit (none if it did not change); returns the commit id or null. */
  public String put(Entity entity) {
    return transaction(tx -> tx.put(entity));
  }

  /** Saves many entities as one commit. */
  public String putAll(Collection<Entity> entities) {
    return transaction(tx -> entities.forEach(tx::put));
  }

  /** Deletes an entity (and what depends on it) as one commit; false if it did not exist. */
  public boolean delete(EntityType type, String id) {
    return compute(tx -> tx.delete(type, id));
  }

  /**
   * Runs {@code work} as one transaction and commits it; re-runs it on the new head when
   * another writer changed what it read or writes meanwhile.
   *
   * @return the new commit id, or null when the work changed nothing
   * @throws ConflictException when the retries are used up, or a constraint is broken
   */
  public String transaction(Consumer<Transaction> work) {
    return engine.transact(tx -> work.accept(new Work(tx)));
  }

  /** Like {@link #transaction(Consumer)}, returning the work's result. */
  public <T> T compute(Function<Transaction, T> work) {
    return engine.run(tx -> work.apply(new Work(tx)), new String[1]);
  }

  /** Opens a transaction to commit by hand (not re-run on conflict). */
  public PendingTransaction begin() {
    return new Work(engine.begin());
  }

  /** Deletes every entity (project files stay), as one commit. */
  public String clearAll() {
    return transaction(tx -> {
      for (EntityType t : EntityTypes.versioned()) {
        tx.clear(t);
      }
      tx.message("clear all entities");
    });
  }

  /** Deletes every entity of one type (no cascades, like LiteChat's clearTable), as one commit. */
  public String clear(EntityType type) {
    return transaction(tx -> {
      tx.clear(type);
      tx.message("clear " + type.folder());
    });
  }

  /**
   * Imports a folder of entity files (such as {@code sample-repo/}) as one commit; a folder at
   * an older schema version is read in its layout and written in the store's.
   */
  public String importFolder(Path folder) {
    return FolderImport.run(engine, folder);
  }

  // ---- recovery and history ---------------------------------------------------------------

  /**
   * Puts every entity and project file back as it was at {@code revision}, as a new commit
   * (nothing is rewritten, so the restore can itself be undone). Null when nothing differs.
   */
  public String restore(String revision) {
    return new Restore(engine).store(commitAt(revision));
  }

  /**
   * Puts every entity of a type back as it was at {@code revision}, as a new commit;
   * restoring conversations restores their interactions too.
   */
  public String restore(EntityType type, String revision) {
    return new Restore(engine).type(type, commitAt(revision));
  }

  /**
   * Puts one entity back as it was at {@code revision} (deleted if it did not exist then), as
   * a new commit; a conversation comes back with its interactions, and a conversation or
   * project with its project files ({@code files/<id>/}).
   */
  public String restore(EntityType type, String id, String revision) {
    return new Restore(engine).entity(type, id, commitAt(revision));
  }

  /** The newest {@code max} commits of the branch, newest first. */
  public List<Revision> log(int max) {
    return new History(engine).log(max);
  }

  /** The commits that changed an entity's file, newest first. */
  public List<Revision> history(EntityType type, String id) {
    return new History(engine).of(type, id, this);
  }

  /**
   * The secret fields at the head whose values this device does not have, so they read as
   * null: each reference ({@code secret:api-keys/k1/value}) and why (no value here, sealed with
   * a key this device lacks, altered). Empty when every secret can be read.
   */
  public List<MissingSecret> missingSecrets() {
    return engine.secretValues().missing(head()).stream().map(r -> new MissingSecret(r.ref(), r.problem())).toList();
  }

  /**
   * Checks what a crash or a person can leave behind, and repairs it when {@code repair}:
   * stale lock and temporary files, an interrupted working-tree catch-up, damaged working-tree
   * markers, a working tree behind the head, secret files others may read; reports what needs
   * a person (damaged objects) and what is of note (secrets this device lacks, hand edits).
   */
  public Checkup check(boolean repair) {
    return new Checkup(engine.check(repair).stream().map(f -> new Checkup.Finding(
        Checkup.Status.valueOf(f.status().name()), f.subject(), f.message())).toList());
  }

  // ---- working tree -----------------------------------------------------------------------

  /** Paths of the working tree that differ from the head (hand edits not committed yet). */
  public List<String> status() {
    return new HandEdits(engine).status();
  }

  /**
   * Validates the files edited by hand in the working tree and commits them as one
   * transaction (entity files in canonical form, which is written back).
   *
   * @return the new commit id, or null when there was nothing to commit
   * @throws InvalidEntityException or {@link MalformedFileException} naming every bad file;
   *     nothing is committed then
   */
  public String commitWorkingTree() {
    return new HandEdits(engine).commit();
  }

  /** Writes the project files and Git's index up to the head, so {@code git status} is clean. */
  public void flush() {
    engine.flush();
  }

  /** Hand-edited files that the store left alone when it updated the working tree. */
  public List<String> skippedHandEdits() {
    return engine.workingTree() == null ? List.of() : engine.workingTree().skipped();
  }

  // ---- events and life cycle --------------------------------------------------------------

  /** Registers a listener for every head change (transactions, other processes, plain git). */
  public void addListener(StoreListener listener) {
    java.util.Objects.requireNonNull(listener, "listener == null");
    synchronized (listeners) {
      if (listeners.isEmpty()) {
        engine.addListener(fanOut);
      }
      listeners.add(listener);
    }
  }

  public void removeListener(StoreListener listener) {
    synchronized (listeners) {
      if (listeners.remove(listener) && listeners.isEmpty()) {
        engine.removeListener(fanOut);
      }
    }
  }

  private static StoreEvent event(Change c) {
    return new StoreEvent(c.type(), c.id(), StoreEvent.Kind.valueOf(c.kind().name()), c.oldCommit(), c.newCommit());
  }

  /** Checks for head changes made by others now (reads do this too) and tells the listeners. */
  public void refresh() {
    engine.refresh();
  }

  @Override
  public void close() {
    try {
      flush();
    } catch (StoreException e) {
      // the commits stand; failing here would tell a caller's try-with-resources they did not
      System.getLogger(Store.class.getName()).log(System.Logger.Level.WARNING, "the commits are saved, but the"
          + " working tree is not up to date: " + e.getMessage() + "; it is brought up to date when the store is next opened");
    } finally {
      engine.close();
    }
  }
}
