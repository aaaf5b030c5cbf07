package dev.quire.bench;

import dev.quire.StoreException;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Durability;
import dev.quire.store.RetryPolicy;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The crash suite ({@code quire bench crash}, and a few trials in the test run): a child JVM
 * ({@link CrashWriter}) writes to a store in a loop and is killed with SIGKILL at a random
 * moment, N times, every third trial with {@link Durability#POWER_LOSS}. After each kill the
 * store is reopened and checked: every acknowledged write is in the branch, C git's
 * {@code fsck --strict} is clean, the store accepts a write, and {@code git status} is clean
 * after close. Also counted: what the kill left behind for recovery (a branch lock, an
 * interrupted working-tree catch-up, a working tree that differed from the head).
 */
public final class CrashBench {
  /** The figures of a run. */
  public record Result(int trials, long acknowledged, int lost, int corrupt, int unwritable, int dirtyAfterClose,
      int locksLeft, int catchUpsInterrupted, int dirtyBeforeReopen, double seconds) {}

  private final Path workDir;
  private final PrintWriter progress;
  private final Duration staleLockAfter;

  /**
   * @param staleLockAfter the stores' stale-lock bound (the default policy's in the benchmark;
   *     shorter in tests, so that a lock a kill left is not waited for long)
   */
  public CrashBench(Path workDir, PrintWriter progress, Duration staleLockAfter) {
    this.workDir = workDir;
    this.progress = progress;
    this.staleLockAfter = staleLockAfter;
  }

  public Result run(int trials, long seed) throws IOException, InterruptedException {
    Random random = new Random(seed);
    long t0 = System.nanoTime();
    long acknowledged = 0;
    int lost = 0;
    int corrupt = 0;
    int unwritable = 0;
    int dirty = 0;
    int locks = 0;
    int catchUps = 0;
    int dirtyBefore = 0;
    RetryPolicy retries = new RetryPolicy(RetryPolicy.DEFAULT.transactionRetries(), RetryPolicy.DEFAULT.lockAttempts(),
        RetryPolicy.DEFAULT.syncAttempts(), staleLockAfter);
    for (int t = 0; t < trials; t++) {
      Path store = workDir.resolve("store-" + t);
      Store.init(store).close();
      Path acks = workDir.resolve("acks-" + t);
      Durability durability = t % 3 == 2 ? Durability.POWER_LOSS : Durability.PROCESS_CRASH;
      List<String> cmd = new ArrayList<>(Processes.java(CrashWriter.class.getName(), "-Xmx256m"));
      cmd.addAll(List.of(store.toString(), acks.toString(), String.valueOf(t), durability.name()));
      Process writer = new ProcessBuilder(cmd)
          .redirectErrorStream(true).redirectOutput(workDir.resolve("writer-" + t + ".log").toFile()).start();
      try {
        awaitReady(writer, acks);
        Thread.sleep(50 + random.nextInt(1500));
      } finally {
        writer.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        writer.waitFor(30, TimeUnit.SECONDS);
      }
      locks += Files.exists(store.resolve(".git/refs/heads/main.lock")) ? 1 : 0;
      catchUps += Files.exists(store.resolve(".git/quire/worktree.pending")) ? 1 : 0;
      dirtyBefore += Processes.run(store, "git", "status", "--porcelain").text().isBlank() ? 0 : 1;
      List<String> acked = acknowledged(acks);
      acknowledged += acked.size();
      String problem = null;
      try (Store s = Store.open(store, StoreOptions.builder().retries(retries).build())) {
        Set<String> present = new HashSet<>();
        s.list(EntityTypes.RULES).forEach(e -> present.add(e.id()));
        int missing = (int) acked.stream().filter(id -> !present.contains(id)).count();
        lost += missing;
        if (missing > 0) {
          problem = missing + " acknowledged writes lost";
        }
        try {
          s.put(Entity.of(EntityTypes.RULES, java.util.Map.of("id", "afterKill", "name", "after the kill")));
        } catch (StoreException e) {
          unwritable++;
          problem = "refused a write: " + e.getMessage();
        }
      }
      Processes.Output fsck = Processes.run(store, "git", "fsck", "--strict", "--no-progress");
      if (fsck.code() != 0) {
        corrupt++;
        problem = "git fsck: " + fsck.text().strip();
      }
      String status = Processes.run(store, "git", "status", "--porcelain").text();
      if (!status.isBlank()) {
        dirty++;
        problem = "git status after close: " + status.strip().replace('\n', ' ');
      }
      progress.printf("trial %d/%d (%s): %d writes acknowledged%s%n", t + 1, trials, durability, acked.size(),
          problem == null ? ", all there; fsck clean; store writable; working tree clean" : "; " + problem);
      progress.flush();
      if (problem == null) {
        org.apache.commons.io.file.PathUtils.deleteDirectory(store);
      }
    }
    return new Result(trials, acknowledged, lost, corrupt, unwritable, dirty, locks, catchUps, dirtyBefore,
        (System.nanoTime() - t0) / 1e9);
  }

  private static void awaitReady(Process writer, Path acks) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(acks) || Files.size(acks) == 0) {
      if (!writer.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the writer did not start (exit " + (writer.isAlive() ? "none" : writer.exitValue()) + ")");
      }
      Thread.sleep(10);
    }
  }

  /** The ids the writer acknowledged: a line per write, {@code first last} for a transaction of 600. */
  static List<String> acknowledged(Path acks) throws IOException {
    List<String> ids = new ArrayList<>();
    String text = new String(Files.readAllBytes(acks), StandardCharsets.UTF_8);
    text = text.substring(0, text.lastIndexOf('\n') + 1); // a line cut by the kill was not acknowledged
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.equals("ready")) {
        continue;
      }
      if (line.contains(" ")) {
        String prefix = line.substring(0, line.indexOf(' ') - 2); // "t3w49b0" -> "t3w49"
        for (int k = 0; k < 600; k++) {
          ids.add(prefix + "b" + k);
        }
      } else {
        ids.add(line);
      }
    }
    return ids;
  }
}
