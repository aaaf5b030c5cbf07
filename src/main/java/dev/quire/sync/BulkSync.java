package dev.quire.sync;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LiteChat's bulk and startup sync over a store's sync repositories: repositories first (their
 * new conversations pulled), then the linked conversations, a bounded number at a time (one at
 * a time per repository), continuing past errors, cancellable, reporting progress — totals,
 * completed counts, the current operation and the errors so far — after every step.
 */
public final class BulkSync {
  /** Where a bulk sync stands. */
  public record Progress(int totalRepos, int completedRepos, int totalConversations, int completedConversations,
      String current, List<String> errors, boolean cancelled) {}

  /** Receives progress (from the sync's threads). */
  public interface Listener {
    void progress(Progress progress);
  }

  private final Store store;
  private final int concurrency;
  private final Listener listener;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final Map<String, Object> repoLocks = new ConcurrentHashMap<>();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger doneRepos = new AtomicInteger();
  private final AtomicInteger doneConversations = new AtomicInteger();
  private volatile int totalRepos;
  private volatile int totalConversations;

  BulkSync(Store store, int concurrency, Listener listener) {
    this.store = store;
    this.concurrency = Math.max(1, concurrency);
    this.listener = listener == null ? p -> { } : listener;
  }

  /** Stops after the operations under way; what is done stays done. */
  public void cancel() {
    cancelled.set(true);
  }

  /** Every repository, then every conversation linked to one. */
  public Progress syncAll() {
    initializeAllRepositories();
    return syncConversations(store.conversations().stream().filter(c -> c.getString("syncRepoId") != null).toList());
  }

  /** Pulls each sync repository's conversations that this store does not have yet. */
  public Progress initializeAllRepositories() {
    List<Entity> repos = store.list(EntityTypes.SYNC_REPOS);
    totalRepos = repos.size();
    for (Entity repo : repos) {
      if (cancelled.get()) {
        break;
      }
      report("pulling " + repo.label());
      try {
        synchronized (lock(repo.id())) {
          Sync.of(store).pullConversations(repo.id());
        }
      } catch (RuntimeException e) {
        errors.add("repository " + repo.label() + ": " + e.getMessage());
      }
      doneRepos.incrementAndGet();
      report(null);
    }
    return progress(null);
  }

  /** Only the conversations changed since their last sync (or never synced). */
  public Progress syncPendingConversations() {
    return syncConversations(store.conversations().stream()
        .filter(c -> c.getString("syncRepoId") != null)
        .filter(c -> {
          Instant synced = c.getDate("lastSyncedAt");
          Instant updated = c.getDate("updatedAt");
          return synced == null || (updated != null && updated.isAfter(synced));
        }).toList());
  }

  private Progress syncConversations(List<Entity> conversations) {
    totalConversations = conversations.size();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "quire-bulk-sync");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (Entity c : conversations) {
        running.add(pool.submit(() -> {
          if (cancelled.get()) {
            return;
          }
          report("syncing " + c.label());
          try {
            synchronized (lock(c.getString("syncRepoId"))) {
              Sync.of(store).syncConversation(c.id());
            }
          } catch (RuntimeException e) {
            errors.add("conversation " + c.label() + ": " + e.getMessage());
          }
          doneConversations.incrementAndGet();
          report(null);
        }));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          errors.add(e.getCause().toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancel();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return progress(null);
  }

  /** Runs {@link #syncAll} once in the background, as LiteChat does at startup. */
  static CompletableFuture<Progress> startup(Store store, Listener listener) {
    BulkSync sync = new BulkSync(store, 3, listener);
    return CompletableFuture.supplyAsync(sync::syncAll, runnable -> {
      Thread t = new Thread(runnable, "quire-startup-sync");
      t.setDaemon(true);
      t.start();
    });
  }

  private Object lock(String repoId) {
    return repoLocks.computeIfAbsent(repoId, k -> new Object());
  }

  private void report(String current) {
    listener.progress(progress(current));
  }

  private Progress progress(String current) {
    return new Progress(totalRepos, doneRepos.get(), totalConversations, doneConversations.get(), current,
        List.copyOf(errors), cancelled.get());
  }
}
