package dev.quire.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.testing.Git;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  @TempDir
  Path dir;

  /** {@code count} single-entity commits, and a shared counter incremented every tenth time. */
  static void work(Store store, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      int n = i;
      store.transaction(tx -> {
        tx.put(Entity.of(EntityTypes.CONVERSATIONS, Map.of("id", prefix + "-" + n, "title", prefix + " " + n,
            "createdAt", "2025-03-01T10:00:00Z", "updatedAt", "2025-03-01T10:00:00Z")));
        if (n % 10 == 0) {
          long value = tx.setting("counter").map(v -> ((Number) v).longValue()).orElse(0L);
          tx.put(ConcurrencyWorker.counter(value + 1));
        }
      });
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fourThreadsTimes250SavesLoseNothing() throws Exception {
    Path s = dir.resolve("s");
    Store.init(s).close();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Store store = Store.open(s, StoreOptions.builder().maxRetries(1000).build())) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String prefix = "t" + t;
        futures.add(pool.submit(() -> work(store, prefix, 250)));
      }
      for (Future<?> f : futures) {
        f.get(100, TimeUnit.SECONDS);
      }
      assertEquals(1000, store.conversations().size());
      assertEquals(100L, store.setting("counter").orElseThrow(), "no lost update");
      assertEquals(1000 + 1, store.log(5000).size(), "one commit per save, plus the store's first");
    } finally {
      pool.shutdownNow();
    }
    assertEquals("", Git.run(s, "status", "--porcelain"));
    Git.fsck(s);
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void twoProcessesTimes250SavesLoseNothing() throws Exception {
    Path s = dir.resolve("s");
    Store.init(s).close();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      processes.add(new ProcessBuilder(java, "-cp", classpath, ConcurrencyWorker.class.getName(),
          s.toString(), "p" + p, "250")
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("worker" + p + ".log").toFile())
          .start());
    }
    for (int p = 0; p < 2; p++) {
      Process proc = processes.get(p);
      if (!proc.waitFor(150, TimeUnit.SECONDS)) {
        proc.destroyForcibly();
        throw new AssertionError("worker " + p + " timed out");
      }
      assertEquals(0, proc.exitValue(), () -> read(dir.resolve("worker0.log").toFile()) + read(dir.resolve("worker1.log").toFile()));
    }
    try (Store store = Store.open(s)) {
      assertEquals(500, store.conversations().size());
      assertEquals(50L, store.setting("counter").orElseThrow(), "no lost update across processes");
      assertEquals(500 + 1, store.log(5000).size(), "one commit per save, plus the store's first");
    }
    assertEquals("", Git.run(s, "status", "--porcelain"));
    Git.fsck(s);
  }

  private static String read(File f) {
    try {
      return java.nio.file.Files.readString(f.toPath());
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
