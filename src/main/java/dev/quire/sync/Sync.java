package dev.quire.sync;

import dev.quire.internal.engine.Seam;
import dev.quire.internal.git.Repositories;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * Sync of a store: with its Git remotes ({@link #sync}: fetch, semantic merge, push with a
 * lease), with LiteChat's own sync repositories ({@link #syncConversation},
 * {@link #pullConversations}; many at once with {@link BulkSync}), and plain git's merges
 * through the quire merge driver ({@link #installMergeDriver}). {@code Sync.of(store)}.
 */
public final class Sync {
  /** The lines of {@code .gitattributes} that give entity files to the quire merge driver. */
  static final String ATTRIBUTES = "v[0-9]*/**/*.yaml merge=quire\nv[0-9]*/**/*.json merge=quire\n";

  private final Store store;
  private final Seam seam;

  private Sync(Store store) {
    this.store = store;
    this.seam = store.seam();
  }

  public static Sync of(Store store) {
    return new Sync(store);
  }

  /**
   * Syncs with a Git remote of this repository: fetch, semantic merge (or fast-forward), push
   * with a lease, retried when the remote moves meanwhile. Credentials, if any, come from the
   * local secret store ({@link Remotes#setCredentials}).
   */
  public SyncResult sync(String remote) {
    return new GitSync(seam, store.options().retries().syncAttempts()).sync(remote, Remotes.of(store).credentials(remote));
  }

  /**
   * Syncs a conversation linked to a LiteChat sync repository ({@code syncRepoId}) in LiteChat's
   * own layout, merging instead of replacing; keeps the repository's lastPulledAt, lastPushedAt
   * and lastSyncError and the conversation's lastSyncedAt. Returns the commit pushed, or null
   * when the repository already had this version.
   */
  public String syncConversation(String conversationId) {
    seam.requireWritable();
    return new LiteChatSync(store).syncConversation(conversationId);
  }

  /** Imports the conversations a LiteChat sync repository has and this store does not; their ids. */
  public List<String> pullConversations(String syncRepoId) {
    return new LiteChatSync(store).pullNew(syncRepoId);
  }

  /**
   * LiteChat's bulk sync of its sync repositories: {@code concurrency} conversations at a time
   * (one at a time per repository), progress to {@code listener} (may be null).
   */
  public BulkSync bulk(int concurrency, BulkSync.Listener listener) {
    return new BulkSync(store, concurrency, listener);
  }

  /** Runs {@link BulkSync#syncAll} once in the background (three at a time), as LiteChat does at startup. */
  public java.util.concurrent.CompletableFuture<BulkSync.Progress> startup(BulkSync.Listener listener) {
    return BulkSync.startup(store, listener);
  }

  /**
   * Sets up {@code quire merge-driver} for plain git in this repository: {@code merge.quire.*}
   * in its config (run by {@code driverCommand}), and {@code .gitattributes} committed so every
   * clone routes entity files to it. Returns the commit, or null when it was already there.
   */
  public String installMergeDriver(String driverCommand) {
    StoredConfig config = seam.repo().getConfig();
    config.setString("merge", "quire", "name", "Quire: entity files merged field by field");
    config.setString("merge", "quire", "driver", driverCommand);
    Remotes.save(config);
    byte[] current = seam.view(seam.refresh()).readRaw(".gitattributes");
    String text = current == null ? "" : new String(current, StandardCharsets.UTF_8);
    if (text.contains("merge=quire")) {
      return null;
    }
    String updated = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + ATTRIBUTES;
    return seam.transact(tx -> {
      tx.putRaw(".gitattributes", updated.getBytes(StandardCharsets.UTF_8));
      tx.message("route entity files to the quire merge driver");
    });
  }

  /**
   * Clones a store from a Git URL, or a folder on this machine (relative to the current
   * folder, as {@code git clone} takes it), into {@code dir} (with a working tree) and opens it;
   * the remote is "origin".
   */
  public static Store cloneFrom(String url, Path dir, StoreOptions options) {
    return cloneFrom(url, Path.of(""), dir, options);
  }

  /** Like {@link #cloneFrom(String, Path, StoreOptions)}, a local path taken relative to {@code base}. */
  public static Store cloneFrom(String url, Path base, Path dir, StoreOptions options) {
    Path abs = dir.toAbsolutePath().normalize();
    Repositories.cloneOf(url, base, abs, options.branch(), "origin");
    return Store.open(abs, options);
  }
}
