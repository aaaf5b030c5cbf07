package dev.quire.store;

import dev.quire.ConflictException;
import dev.quire.StoreException;
import dev.quire.internal.engine.Engine;
import dev.quire.internal.engine.EngineConfig;
import dev.quire.internal.engine.Migrator;
import dev.quire.internal.engine.StoreVersion;
import dev.quire.internal.engine.Tx;
import dev.quire.internal.git.Repositories;
import dev.quire.layout.Layout;
import dev.quire.schema.EditorSupport;
import dev.quire.schema.Migration;
import dev.quire.schema.MigrationStep;
import dev.quire.schema.Migrations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/** Creating, opening and migrating stores: what {@link Store}'s static methods do. */
final class Opening {
  private Opening() {}

  static Store init(Path dir, boolean bare, StoreOptions options) {
    Path abs = dir.toAbsolutePath().normalize();
    if (Repositories.exists(abs)) {
      throw new StoreException(abs + " already holds a Git repository; open it instead");
    }
    Repositories.create(abs, bare, options.branch());
    Store store = open(abs, options);
    String manifest = "name: " + abs.getFileName() + "\ndescription: A Quire store of LiteChat data.\n";
    Tx tx = store.engine().begin();
    tx.putRaw("quire.yaml", manifest.getBytes(StandardCharsets.UTF_8));
    // editors check and complete entity files against the schemas (yaml-language-server)
    EditorSupport.files(options.schemaVersion()).forEach(tx::putRaw);
    tx.message("create store " + abs.getFileName());
    tx.commit();
    store.flush();
    return store;
  }

  static Store open(Path dir, StoreOptions options) {
    Path abs = dir.toAbsolutePath().normalize();
    Repository repo = Repositories.open(abs, "not a Quire store (no Git repository here); create one with \"quire init\"");
    if (options.durability() == Durability.POWER_LOSS) {
      repo.getConfig().setBoolean("core", null, "fsyncObjectFiles", true);
      repo.getConfig().setBoolean("core", null, "fsyncRefFiles", true);
    }
    try {
      int version = version(repo, options.branch(), abs, options.schemaVersion());
      if (version < options.schemaVersion() && options.autoMigrate()) {
        repo.close();
        migrate(abs, options, false);
        return open(abs, options.toBuilder().autoMigrate(false).build());
      }
      Engine engine = new Engine(repo, config(options), Layout.forVersion(version));
      if (version < options.schemaVersion()) {
        engine.readOnly(abs + " is at schema version v" + version + " and this Quire writes v"
            + options.schemaVersion() + "; it can be read but not written until it is migrated: run"
            + " \"quire migrate\" (one commit per step; --dry-run shows what it does), or open it with"
            + " StoreOptions.builder().autoMigrate(true)");
      }
      return new Store(engine, options, abs);
    } catch (RuntimeException e) {
      repo.close();
      throw e;
    }
  }

  /** The store's schema version ({@link StoreVersion}), {@code fallback} before the first commit. */
  private static int version(Repository repo, String branch, Path dir, int fallback) {
    try (ObjectReader reader = repo.newObjectReader()) {
      ObjectId head = repo.resolve(Constants.R_HEADS + branch);
      int v = head == null ? 0 : StoreVersion.of(reader, head, dir);
      if (v > Store.SCHEMA_VERSION) {
        throw new StoreException(dir + " is at schema version v" + v + ", newer than this Quire, which knows"
            + " v1 to v" + Store.SCHEMA_VERSION + "; upgrade Quire to open it");
      }
      return v == 0 ? fallback : v;
    } catch (IOException e) {
      throw new StoreException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  static List<MigrationStep> migrate(Path dir, StoreOptions options, boolean dryRun) {
    List<MigrationStep> out = new ArrayList<>();
    int version;
    try (Store store = open(dir, options.toBuilder().schemaVersion(1).autoMigrate(false).build())) {
      version = store.layout().version();
      if (version == options.schemaVersion()) {
        return out;
      }
      if (!store.status().isEmpty()) {
        throw new ConflictException(dir + " has files edited by hand and not committed (" + store.status().get(0)
            + ", …); commit them with \"quire commit\" or drop them, then migrate");
      }
    }
    for (Migration m : Migrations.path(version, options.schemaVersion())) {
      try (Store store = open(dir, options.toBuilder().schemaVersion(m.from()).autoMigrate(false).build())) {
        out.add(Migrator.run(store.engine(), m, dryRun));
      }
      if (dryRun) {
        break; // later steps start from a tree that a dry run does not make
      }
    }
    return out;
  }

  static EngineConfig config(StoreOptions o) {
    return new EngineConfig(o.branch(), o.durability() == Durability.POWER_LOSS, o.authorName(), o.authorEmail(),
        o.clock(), o.retries().transactionRetries(), o.retries().lockAttempts(), o.retries().staleLockAfter(),
        o.indexSyncInterval(),
        o.codecLimits(), o.maxProjectFileBytes());
  }
}
