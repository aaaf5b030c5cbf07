package dev.quire.internal.engine;

import dev.quire.internal.git.Packs;
import dev.quire.internal.git.Spares;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.Repository;

/**
 * Merges the store's packs in the background ({@link Packs}): every commit writes one small
 * pack, and after it this keeper lets one background thread make files ready for the next
 * packs ({@link Spares}) and merge packs while the next commits go on (merging needs no store
 * lock: packs never change). Closing waits for a merge that is running; one cut short by a
 * crash leaves only a temporary file, which the doctor removes.
 */
final class PackKeeper {
  private static final System.Logger LOG = System.getLogger("dev.quire");
  private static final long CLOSE_WAIT_SECONDS = 120;

  private final Repository repo;
  private final Path privateDir;
  private final boolean fsync;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final Spares spares;
  private ExecutorService worker;

  PackKeeper(Repository repo, Path privateDir, boolean fsync) {
    this.repo = repo;
    this.privateDir = privateDir;
    this.fsync = fsync;
    this.spares = new Spares(privateDir);
  }

  /** The files made ahead of time for the packs of commits. */
  Spares spares() {
    return spares;
  }

  /** After a commit wrote a pack: merges packs soon, unless a merge is queued already. */
  synchronized void wrotePack() {
    if (!queued.compareAndSet(false, true)) {
      return;
    }
    if (worker == null) {
      worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "quire-packs");
        t.setDaemon(true);
        return t;
      });
    }
    worker.execute(this::run);
  }

  private void run() {
    queued.set(false);
    try {
      spares.refill();
    } catch (IOException e) {
      // spares only save time: the next commit creates its files itself (a full disk, say)
    }
    try {
      Packs.consolidate(repo, privateDir, fsync);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not merge the packs of " + repo.getDirectory() + ": " + e.getMessage()
          + "; nothing is lost (the packs stay as they are), and the next commit tries again");
    }
  }

  /** Waits for a merge that is running, then stops the thread. */
  synchronized void close() {
    if (worker == null) {
      spares.close();
      return;
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "a merge of the packs of " + repo.getDirectory() + " is still running");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker = null;
    spares.close();
  }
}
