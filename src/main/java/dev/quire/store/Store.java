package dev.quire.store;

import dev.quire.internal.engine.LiteChatSync;
import dev.quire.internal.engine.Syncer;
import dev.quire.internal.engine.Migrator;
import dev.quire.internal.engine.ProjectPaths;
import dev.quire.internal.engine.CommitView;
import dev.quire.internal.engine.TxImpl;
import dev.quire.internal.engine.StoreCore;
import dev.quire.ConflictException;
import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.NotFoundException;
import dev.quire.StoreException;
import dev.quire.codec.Format;
import dev.quire.layout.Layout;
import dev.quire.layout.Problem;
import dev.quire.layout.StoreFolder;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FS;

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
 */
public final class Store implements Snapshot, AutoCloseable {
  private static final Pattern VERSION_DIR = Pattern.compile("v([1-9][0-9]{0,3})");
  /** The newest schema version this software knows. */
  public static final int SCHEMA_VERSION = dev.quire.schema.SchemaSet.NEWEST;

  private final StoreCore core;
  private final Path directory;

  private Store(Repository repo, StoreOptions options, Layout layout, Path directory) {
    this.core = new StoreCore(repo, options, layout);
    this.directory = directory;
  }

  // ---- opening --------------------------------------------------------------------------

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
    Path abs = dir.toAbsolutePath().normalize();
    if (RepositoryCache.FileKey.resolve(abs.toFile(), FS.DETECTED) != null
        || Files.exists(abs.resolve(Constants.DOT_GIT))) {
      throw new StoreException(abs + " already holds a Git repository; open it instead");
    }
    try {
      Files.createDirectories(abs);
      Git.init().setDirectory(abs.toFile()).setBare(bare).setInitialBranch(options.branch()).call().close();
    } catch (IOException | GitAPIException e) {
      throw new StoreException("cannot create a repository in " + abs + ": " + e.getMessage(), e);
    }
    Store store = open(abs, options);
    String manifest = "name: " + abs.getFileName() + "\ndescription: A Quire store of LiteChat data.\n";
    PendingTransaction tx = store.begin();
    ((TxImpl) tx).putRaw("quire.yaml", StoreCore.utf8(manifest));
    // editors check and complete entity files against the schemas (yaml-language-server)
    dev.quire.schema.EditorSupport.files(options.schemaVersion()).forEach(((TxImpl) tx)::putRaw);
    tx.message("create store " + abs.getFileName());
    tx.commit();
    store.flush();
    return store;
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
    Path abs = dir.toAbsolutePath().normalize();
    File gitDir = RepositoryCache.FileKey.resolve(abs.toFile(), FS.DETECTED);
    if (gitDir == null) {
      throw new NotFoundException(abs + ": not a Quire store (no Git repository here); create one"
          + " with \"quire init\"");
    }
    Repository repo;
    try {
      FileRepositoryBuilder b = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true);
      if (!gitDir.equals(abs.toFile())) {
        b.setWorkTree(abs.toFile());
      }
      repo = b.build();
    } catch (IOException e) {
      throw new StoreException("cannot open " + abs + ": " + e.getMessage(), e);
    }
    if (options.durability() == Durability.POWER_LOSS) {
      repo.getConfig().setBoolean("core", null, "fsyncObjectFiles", true);
      repo.getConfig().setBoolean("core", null, "fsyncRefFiles", true);
    }
    try {
      int version = version(repo, options.branch(), abs, options.schemaVersion());
      if (version < options.schemaVersion() && options.autoMigrate()) {
        repo.close();
        migrate(abs, options, false);
        return open(abs, options.withAutoMigrate(false));
      }
      Store store = new Store(repo, options, Layout.forVersion(version), abs);
      if (version < options.schemaVersion()) {
        store.core.readOnly(abs + " is at schema version v" + version + " and this Quire writes v"
            + options.schemaVersion() + "; it can be read but not written until it is migrated: run"
            + " \"quire migrate\" (one commit per step; --dry-run shows what it does), or open it with"
            + " StoreOptions.withAutoMigrate(true)");
      }
      return store;
    } catch (RuntimeException e) {
      repo.close();
      throw e;
    }
  }

  /**
   * The schema version of the store: its data folder ({@code v1/}, …), or for a store without
   * entities yet the version of its editor schemas ({@code .quire/schema/vN/}, written by init).
   */
  private static int version(Repository repo, String branch, Path dir, int fallback) {
    try (RevWalk rw = new RevWalk(repo); TreeWalk walk = new TreeWalk(repo)) {
      ObjectId head = repo.resolve(Constants.R_HEADS + branch);
      if (head == null) {
        return fallback;
      }
      org.eclipse.jgit.revwalk.RevTree tree = rw.parseCommit(head).getTree();
      walk.addTree(tree);
      Set<Integer> versions = new TreeSet<>();
      while (walk.next()) {
        var m = VERSION_DIR.matcher(walk.getNameString());
        if (m.matches() && walk.isSubtree()) {
          versions.add(Integer.parseInt(m.group(1)));
        }
      }
      if (versions.isEmpty()) {
        try (TreeWalk schemas = TreeWalk.forPath(repo, dev.quire.schema.EditorSupport.SCHEMA_DIR, tree)) {
          if (schemas != null && schemas.isSubtree()) {
            schemas.enterSubtree();
            while (schemas.next()) {
              var m = VERSION_DIR.matcher(schemas.getNameString());
              if (m.matches()) {
                versions.add(Integer.parseInt(m.group(1)));
              }
            }
          }
        }
      }
      if (versions.size() > 1) {
        throw new StoreException(dir + ": more than one version folder " + versions
            + "; a store holds exactly one, finish or undo the migration");
      }
      int v = versions.isEmpty() ? fallback : versions.iterator().next();
      if (v > SCHEMA_VERSION) {
        throw new StoreException(dir + " is at schema version v" + v + ", newer than this Quire, which knows"
            + " v1 to v" + SCHEMA_VERSION + "; upgrade Quire to open it");
      }
      return v;
    } catch (IOException e) {
      throw new StoreException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** What a sync did: the head it left, whether it fast-forwarded, pushed, merged paths, recorded conflicts. */
  public record SyncResult(String remote, String head, boolean fastForward, boolean pushed, int mergedPaths, int conflicts) {}

  /**
   * Syncs with a Git remote of this repository: fetch, semantic merge (or fast-forward), push
   * with a lease, retried when the remote moves meanwhile. Credentials, if any, come from the
   * local secret store ({@link #setRemoteCredentials}).
   */
  public SyncResult sync(String remote) {
    core.requireWritable();
    String[] creds = core.remoteCredentials(remote);
    var provider = creds == null ? null
        : new org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider(creds[0], creds[1]);
    return Syncer.sync(core, remote, provider);
  }

  /**
   * Syncs a conversation linked to a LiteChat sync repository ({@code syncRepoId}) in LiteChat's
   * own layout, merging instead of replacing (see {@link LiteChatSync}); keeps the repository's
   * lastPulledAt, lastPushedAt and lastSyncError and the conversation's lastSyncedAt. Returns
   * the commit pushed, or null when the repository already had this version.
   */
  public String syncConversation(String conversationId) {
    core.requireWritable();
    return new LiteChatSync(core, this).syncConversation(conversationId);
  }

  /** Imports the conversations a LiteChat sync repository has and this store does not; their ids. */
  public List<String> pullConversations(String syncRepoId) {
    return new LiteChatSync(core, this).pullNew(syncRepoId);
  }

  /** A conflict recorded by a merge: its record file, and the record (path, type, id, fields). */
  public record RecordedConflict(String file, Map<String, Object> record) {}

  /** The conflicts that merges recorded and nobody has settled yet ({@code .quire/conflicts/}). */
  public List<RecordedConflict> conflicts() {
    CommitView head = core.view(core.refresh());
    List<RecordedConflict> out = new ArrayList<>();
    try (ObjectReader reader = core.newReader()) {
      for (CommitView.Located l : head.walk(reader, dev.quire.merge.TreeMerge.CONFLICTS, false)) {
        Object tree = core.codec().readTree(Format.YAML, core.bytes(reader, l.blob(), 1 << 20, l.path()), l.path());
        if (tree instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> record = (Map<String, Object>) m;
          out.add(new RecordedConflict(l.path(), record));
        }
      }
    }
    return out;
  }

  /**
   * Settles a recorded conflict (by its record file, or by {@code type/id} of its entity), as
   * one commit: the record is removed and, with {@code useLost}, the values the merge policy
   * set aside replace the kept ones (top-level and nested fields).
   */
  public String resolve(String which, boolean useLost) {
    RecordedConflict c = conflicts().stream()
        .filter(r -> r.file().equals(which) || r.file().endsWith("/" + which) || r.file().endsWith("/" + which + ".yaml")
            || which.equals(r.record().get("type") + "/" + r.record().get("id")))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("no recorded conflict \"" + which + "\"; see quire conflicts"));
    return transaction(t -> {
      TxImpl tx = (TxImpl) t;
      tx.removeAt(c.file());
      Object type = c.record().get("type");
      if (useLost && type instanceof String folder) {
        EntityType et = dev.quire.model.EntityTypes.find(folder).orElseThrow();
        Entity e = tx.require(et, (String) c.record().get("id"));
        Map<String, Object> fields = new java.util.LinkedHashMap<>(e.fields());
        for (Object f : (List<?>) c.record().get("conflicts")) {
          Map<?, ?> field = (Map<?, ?>) f;
          String path = String.valueOf(field.get("field"));
          if (path.startsWith("$.") && field.containsKey("lost")) {
            setPath(fields, path.substring(2).split("\\."), field.get("lost"));
          }
        }
        tx.put(Entity.of(et, fields));
      }
      t.message("resolve conflict in " + c.record().get("path") + (useLost ? ": the other values" : ": as merged"));
    });
  }

  @SuppressWarnings("unchecked")
  private static void setPath(Map<String, Object> map, String[] keys, Object value) {
    Map<String, Object> at = map;
    for (int i = 0; i < keys.length - 1; i++) {
      Object next = at.get(keys[i]);
      Map<String, Object> copy = next instanceof Map<?, ?> m ? new java.util.LinkedHashMap<>((Map<String, Object>) m)
          : new java.util.LinkedHashMap<>();
      at.put(keys[i], copy);
      at = copy;
    }
    at.put(keys[keys.length - 1], value);
  }

  /** The lines of {@code .gitattributes} that give entity files to the quire merge driver. */
  static final String ATTRIBUTES = "v[0-9]*/**/*.yaml merge=quire\nv[0-9]*/**/*.json merge=quire\n";

  /**
   * Sets up {@code quire merge-driver} for plain git in this repository: {@code merge.quire.*}
   * in its config (run by {@code driverCommand}), and {@code .gitattributes} committed so every
   * clone routes entity files to it. Returns the commit, or null when it was already there.
   */
  public String installMergeDriver(String driverCommand) {
    var config = core.repo().getConfig();
    config.setString("merge", "quire", "name", "Quire: entity files merged field by field");
    config.setString("merge", "quire", "driver", driverCommand);
    save(config);
    byte[] current = core.view(core.refresh()).readRaw(".gitattributes");
    String text = current == null ? "" : new String(current, java.nio.charset.StandardCharsets.UTF_8);
    if (text.contains("merge=quire")) {
      return null;
    }
    String updated = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + ATTRIBUTES;
    return transaction(tx -> {
      ((TxImpl) tx).putRaw(".gitattributes", updated.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      tx.message("route entity files to the quire merge driver");
    });
  }

  /** Adds (or changes) a Git remote of the store's repository: standard {@code [remote]} configuration. */
  public void addRemote(String name, String url) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new InvalidEntityException("remote " + name, null, "a remote name is letters, digits, '.', '_' or '-'");
    }
    var config = core.repo().getConfig();
    config.setString("remote", name, "url", url);
    config.setString("remote", name, "fetch", "+refs/heads/*:refs/remotes/" + name + "/*");
    save(config);
  }

  /** Removes a remote (its credentials too); false when there was none. */
  public boolean removeRemote(String name) {
    var config = core.repo().getConfig();
    if (config.getString("remote", name, "url") == null) {
      return false;
    }
    config.unsetSection("remote", name);
    save(config);
    core.setRemoteCredentials(name, null, null);
    return true;
  }

  /** The remotes, name → URL. */
  public java.util.SortedMap<String, String> remotes() {
    java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
    var config = core.repo().getConfig();
    for (String name : config.getSubsections("remote")) {
      out.put(name, config.getString("remote", name, "url"));
    }
    return out;
  }

  private static void save(org.eclipse.jgit.lib.StoredConfig config) {
    try {
      config.save();
    } catch (IOException e) {
      throw new StoreException("cannot save the repository configuration: " + e.getMessage(), e);
    }
  }

  /** Clones a store from a Git URL into {@code dir} (with a working tree) and opens it; the remote is "origin". */
  public static Store cloneFrom(String url, Path dir, StoreOptions options) {
    Path abs = dir.toAbsolutePath().normalize();
    try (Git git = Git.cloneRepository().setURI(url).setDirectory(abs.toFile()).setBranch(options.branch())
        .setRemote("origin").call()) {
      // cloned: opened below
    } catch (GitAPIException e) {
      throw new StoreException("cannot clone " + url + ": " + e.getMessage(), e);
    }
    return open(abs, options);
  }

  /** Keeps a remote's user name and password (or token) in the local secret store, never in Git. */
  public void setRemoteCredentials(String remote, String username, String password) {
    core.setRemoteCredentials(remote, username, password);
  }

  /** What one migration step did (or, for a dry run, would do). */
  public record MigrationStep(int from, int to, String summary, int moved, int written, int deleted, String commit) {}

  /**
   * Migrates the store in {@code dir} to the newest schema version, one commit per step (a
   * pure function of the files, see {@link dev.quire.schema.Migration}); nothing when it is
   * current. The store must have no uncommitted hand edits.
   *
   * @param dryRun compute the steps and report them without committing
   */
  public static List<MigrationStep> migrate(Path dir, StoreOptions options, boolean dryRun) {
    List<MigrationStep> out = new ArrayList<>();
    int version;
    try (Store store = open(dir, options.withSchemaVersion(1).withAutoMigrate(false))) {
      version = store.layout().version();
      if (version == options.schemaVersion()) {
        return out;
      }
      if (!store.status().isEmpty()) {
        throw new ConflictException(dir + " has files edited by hand and not committed (" + store.status().get(0)
            + ", …); commit them with \"quire commit\" or drop them, then migrate");
      }
    }
    for (dev.quire.schema.Migration m : dev.quire.schema.Migrations.path(version, options.schemaVersion())) {
      try (Store store = open(dir, options.withSchemaVersion(m.from()).withAutoMigrate(false))) {
        out.add(Migrator.run(store.core, m, dryRun));
      }
      if (dryRun) {
        break; // later steps start from a tree that a dry run does not make
      }
    }
    return out;
  }

  /** The folder the store was opened on. */
  public Path directory() {
    return directory;
  }

  public boolean isBare() {
    return core.repo().isBare();
  }

  /** The layout of the store's files (its schema version). */
  public Layout layout() {
    return core.layout();
  }

  // ---- reading the head -------------------------------------------------------------------

  private CommitView head() {
    return core.view(core.refresh());
  }

  @Override
  public String commitId() {
    ObjectId head = core.refresh();
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
    try {
      ObjectId id = core.repo().resolve(revision + "^{commit}");
      if (id == null) {
        throw new NotFoundException("no revision \"" + revision + "\" in " + directory);
      }
      return core.view(id);
    } catch (IOException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
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
    String[] commit = new String[1];
    run(tx -> {
      work.accept(tx);
      return null;
    }, commit);
    return commit[0];
  }

  /** Like {@link #transaction(Consumer)}, returning the work's result. */
  public <T> T compute(Function<Transaction, T> work) {
    return run(work, new String[1]);
  }

  private <T> T run(Function<Transaction, T> work, String[] commit) {
    String lastClash = null;
    for (int attempt = 0; attempt <= core.options().maxRetries(); attempt++) {
      TxImpl tx = new TxImpl(core, core.view(core.refresh()));
      T result = work.apply(tx);
      try {
        ObjectId id = core.commit(tx);
        commit[0] = id == null ? null : id.name();
        return result;
      } catch (StoreCore.Retry r) {
        lastClash = r.getMessage();
      }
    }
    throw new ConflictException("gave up after " + (core.options().maxRetries() + 1) + " attempts:"
        + " other writers kept changing " + lastClash + "; try again");
  }

  /** Opens a transaction to commit by hand (not re-run on conflict). */
  public PendingTransaction begin() {
    return new TxImpl(core, core.view(core.refresh()));
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

  // ---- recovery ---------------------------------------------------------------------------

  /**
   * Puts every entity and project file back as it was at {@code revision}, as a new commit
   * (nothing is rewritten, so the restore can itself be undone). Null when nothing differs.
   */
  public String restore(String revision) {
    return restoreScope(revision, "the store", at -> List.of(layout().versionDir(), ProjectPaths.ROOT));
  }

  /**
   * Puts every entity of a type back as it was at {@code revision}, as a new commit;
   * restoring conversations restores their interactions too.
   */
  public String restore(EntityType type, String revision) {
    CommitView.requireVersioned(type);
    return restoreScope(revision, type.folder(), at -> type == EntityTypes.CONVERSATIONS
        ? List.of(layout().folderOf(type), layout().folderOf(EntityTypes.INTERACTIONS))
        : List.of(layout().folderOf(type)));
  }

  /**
   * Puts one entity back as it was at {@code revision} (deleted if it did not exist then), as
   * a new commit; a conversation comes back with its interactions, and a conversation or
   * project with its project files ({@code files/<id>/}).
   */
  public String restore(EntityType type, String id, String revision) {
    CommitView.requireVersioned(type);
    return restoreScope(revision, type.folder() + " " + id, at -> {
      List<String> paths = new ArrayList<>();
      for (CommitView view : at) {
        try (ObjectReader reader = core.newReader()) {
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
  private String restoreScope(String revision, String what,
      java.util.function.Function<List<CommitView>, List<String>> scope) {
    CommitView then = (CommitView) at(revision);
    return transaction(t -> {
      TxImpl tx = (TxImpl) t;
      List<String> roots = scope.apply(List.of(tx.base, then));
      java.util.Set<String> paths = new java.util.TreeSet<>();
      try (ObjectReader reader = core.newReader()) {
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
          if (java.util.Objects.equals(now, old)) {
            continue;
          }
          if (old == null) {
            tx.removeAt(path);
          } else if (isEntityPath(path)) {
            tx.putAt(path, then.read(reader, path, old));
          } else {
            tx.putRaw(path, core.bytes(reader, old, Long.MAX_VALUE, path));
          }
        }
      }
      t.message("restore " + what + " to " + then.commitId().substring(0, 12));
    });
  }

  private boolean isEntityPath(String path) {
    try {
      return layout().parse(path).isPresent();
    } catch (dev.quire.InvalidEntityException e) {
      return false;
    }
  }

  // ---- history ----------------------------------------------------------------------------

  /** The newest {@code max} commits of the branch, newest first. */
  public List<Revision> log(int max) {
    return revisions(null, max);
  }

  /** The commits that changed an entity's file, newest first. */
  public List<Revision> history(EntityType type, String id) {
    CommitView.requireVersioned(type);
    List<String> paths = new ArrayList<>();
    String parent = null;
    if (type.parentField() != null) { // only grouped types need the parent to find the file
      parent = get(type, id).map(Entity::parentId).orElseGet(() -> core.parentHint(id));
      if (parent == null) {
        return List.of();
      }
    }
    for (Format f : Format.values()) {
      paths.add(core.layout().pathOf(type, id, parent, f).path());
    }
    return revisions(PathFilterGroup.createFromStrings(paths), Integer.MAX_VALUE);
  }

  private List<Revision> revisions(TreeFilter filter, int max) {
    ObjectId head = core.head();
    List<Revision> out = new ArrayList<>();
    if (head == null) {
      return out;
    }
    try (RevWalk rw = new RevWalk(core.repo())) {
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
      throw new UncheckedIOException(e);
    }
    return out;
  }

  // ---- working tree -----------------------------------------------------------------------

  /** Paths of the working tree that differ from the head (hand edits not committed yet). */
  public List<String> status() {
    requireWorkingTree();
    flush();
    try {
      IndexDiff diff = new IndexDiff(core.repo(), core.refName(), new FileTreeIterator(core.repo()));
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
      throw new UncheckedIOException(e);
    }
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
    List<String> changed = status();
    if (changed.isEmpty()) {
      return null;
    }
    Path root = core.workingTree().root();
    PendingTransaction pending = begin();
    TxImpl tx = (TxImpl) pending;
    List<String> problems = new ArrayList<>();
    StoreException first = null;
    for (String path : changed) {
      Path file = Layout.resolve(root, path);
      boolean exists = Files.isRegularFile(file);
      try {
        byte[] bytes = exists ? Files.readAllBytes(file) : null;
        boolean entityPath = core.layout().parse(path).isPresent();
        if (entityPath && bytes != null) {
          tx.putAt(path, core.layout().decode(path, bytes, core.codec()));
        } else if (entityPath) {
          tx.removeAt(path);
        } else if (path.startsWith(core.layout().versionDir() + "/")) {
          throw new InvalidEntityException(path, null, "not an entity file; entity files live under "
              + core.layout().versionDir() + "/<type>/");
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
        throw new UncheckedIOException(e);
      }
    }
    if (first != null) {
      String all = String.join("; ", problems);
      throw problems.size() == 1 ? first
          : new InvalidEntityException(problems.size() + " hand-edited files", null, all + "; nothing was committed");
    }
    tx.message("commit hand edits (" + changed.size() + (changed.size() == 1 ? " file)" : " files)"));
    String id = pending.commit();
    flush();
    return id;
  }

  /** Writes the project files and Git's index up to the head, so {@code git status} is clean. */
  public void flush() {
    core.flush();
  }

  /** Hand-edited files that the store left alone when it updated the working tree. */
  public List<String> skippedHandEdits() {
    return core.workingTree() == null ? List.of() : core.workingTree().skipped();
  }

  private void requireWorkingTree() {
    if (core.workingTree() == null) {
      throw new StoreException(directory + " is a bare repository: it has no working tree");
    }
  }

  // ---- events and life cycle ----------------------------------------------------------------

  /** Registers a listener for every head change (transactions, other processes, plain git). */
  public void addListener(StoreListener listener) {
    core.addListener(listener);
  }

  public void removeListener(StoreListener listener) {
    core.removeListener(listener);
  }

  /** Checks for head changes made by others now (reads do this too) and tells the listeners. */
  public void refresh() {
    core.refresh();
  }

  /**
   * Imports a folder of entity files (such as {@code sample-repo/}) as one commit; a folder at
   * an older schema version is read in its layout and written in the store's.
   */
  public String importFolder(Path folder) {
    StoreFolder source = StoreFolder.open(folder);
    if (source.layout().version() > core.layout().version()) {
      throw new StoreException(folder + " is at schema v" + source.layout().version()
          + ", newer than this store (v" + core.layout().version() + "); migrate the store first");
    }
    return transaction(tx -> {
      for (String path : source.entityFiles()) {
        if (source.layout().parse(path).isEmpty()) {
          continue; // attachment contents: they come with their interaction
        }
        // entities are the same at every version; the store writes them in its own layout
        ((TxImpl) tx).put(source.read(path, core.codec()), Format.ofFileName(path).orElse(Format.YAML));
      }
      Path manifest = folder.resolve("quire.yaml");
      if (Files.isRegularFile(manifest)) {
        try {
          ((TxImpl) tx).putRaw("quire.yaml", Files.readAllBytes(manifest));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      tx.message("import " + folder.getFileName());
    });
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      core.close();
    }
  }
}
