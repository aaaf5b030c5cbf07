package dev.quire.bench;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import dev.quire.sync.Remotes;
import dev.quire.sync.Sync;
import dev.quire.sync.SyncResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sync benchmark ({@code quire bench sync}): C git's {@code git daemon} on 127.0.0.1
 * serves a bare repository; replica A makes 1,000 single-entity commits and syncs them up
 * (push), replica B syncs them down (fetch and fast-forward); then both change the same 1,000
 * entities (different fields), A syncs, and B's sync is the semantic merge of 1,000 entities
 * changed on both sides (fetch, merge, push).
 */
public final class SyncBench {
  /** The measured times, in seconds. */
  public record Result(int commits, double pushSeconds, double pullSeconds, int merged, double mergeSyncSeconds) {}

  private final Path workDir;
  private final PrintWriter progress;

  public SyncBench(Path workDir, PrintWriter progress) {
    this.workDir = workDir;
    this.progress = progress;
  }

  public Result run(int count) throws Exception {
    Path hub = workDir.resolve("hub.git");
    exec(workDir, "git", "init", "-q", "--bare", "-b", "main", hub.toString());
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process daemon = new ProcessBuilder("git", "daemon", "--listen=127.0.0.1", "--port=" + port,
        "--base-path=" + workDir, "--export-all", "--enable=receive-pack", "--reuseaddr", workDir.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      waitFor(port);
      String url = "git://127.0.0.1:" + port + "/hub.git";
      try (Store a = Store.init(workDir.resolve("a"))) {
        List<Entity> rules = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          rules.add(Entity.of(EntityTypes.RULES, Map.of("id", "rule" + i, "name", "Rule " + i,
              "content", "Be brief.", "type", "system", "description", "d")));
        }
        a.putAll(rules);
        Remotes.of(a).add("origin", url);
        Sync.of(a).sync("origin");
        try (Store b = Sync.cloneFrom(url, workDir.resolve("b"), StoreOptions.defaults())) {
          progress.printf("%,d single-entity commits on A ...%n", count);
          progress.flush();
          for (int i = 0; i < count; i++) {
            a.put(rules.get(i).with("content", "Be brief, " + i + "."));
          }
          long t0 = System.nanoTime();
          Sync.of(a).sync("origin");
          double push = (System.nanoTime() - t0) / 1e9;
          long t1 = System.nanoTime();
          Sync.of(b).sync("origin");
          double pull = (System.nanoTime() - t1) / 1e9;
          progress.printf("both sides change the same %,d entities ...%n", count);
          progress.flush();
          List<Entity> onA = new ArrayList<>();
          List<Entity> onB = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            Entity r = a.require(EntityTypes.RULES, "rule" + i);
            onA.add(r.with("description", "from A " + i));
            onB.add(r.with("alwaysOn", true));
          }
          a.putAll(onA);
          b.putAll(onB);
          Sync.of(a).sync("origin");
          long t2 = System.nanoTime();
          SyncResult merge = Sync.of(b).sync("origin");
          double mergeSync = (System.nanoTime() - t2) / 1e9;
          return new Result(count, push, pull, merge.mergedPaths(), mergeSync);
        }
      }
    } finally {
      daemon.destroy();
      if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
      }
    }
  }

  private static void waitFor(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("git daemon did not start on 127.0.0.1:" + port);
  }

  private static void exec(Path dir, String... cmd) {
    Processes.check(dir, cmd);
  }
}
