package dev.quire.bench;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The read benchmark ({@code quire bench read}): a LiteChat-shaped store of 10,000
 * conversations and 100,000 interactions (one conversation of 1,000, the rest about ten each,
 * every 50th conversation on a sync repo, start times over 100 days), built once (or reused
 * with {@code --store}), then LiteChat's reads through the public API, from the read index:
 * the whole {@code quire list conversations --limit 50} process, a cold open and first page,
 * warm first page, full list, one conversation's interactions, a {@code startedAt} range of
 * about 1,000 interactions and a by-sync-repo look-up (medians), the index's size on disk and
 * the time to rebuild it.
 */
public final class ReadBench {
  /** The measured figures; times in the units their names say. */
  public record Result(int conversations, int interactions, double listProcessSeconds, double listProcessCdsSeconds,
      double coldFirstPageMillis,
      double warmFirstPageMillis, double warmFullListMillis, double warmInteractionsMillis, double warmRangeMillis,
      double warmBySyncRepoMillis, long indexBytes, long repositoryBytes, double rebuildSeconds, int rangeSize) {}

  static final int CONVERSATIONS = 10_000;
  static final int INTERACTIONS = 100_000;
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Path store;
  private final PrintWriter progress;

  public ReadBench(Path store, PrintWriter progress) {
    this.store = store;
    this.progress = progress;
  }

  public Result run() throws IOException {
    buildIfMissing();
    Path index = indexFile();
    Files.deleteIfExists(index);
    double rebuild;
    try (Store s = Store.open(store)) {
      long t0 = System.nanoTime();
      s.conversations(0, 1);
      rebuild = (System.nanoTime() - t0) / 1e9;
    }
    progress.printf("rebuilt the read index in %.2f s%n", rebuild);
    progress.flush();
    double[] process = listProcess();
    long t0 = System.nanoTime();
    double cold;
    double firstPage;
    double full;
    double interactions;
    double range;
    double bySyncRepo;
    int rangeSize;
    try (Store s = Store.open(store)) {
      s.conversations(0, 50);
      cold = (System.nanoTime() - t0) / 1e6;
      firstPage = median(200, () -> s.conversations(0, 50));
      full = median(20, s::conversations);
      interactions = median(50, () -> s.interactions("c0"));
      Instant from = START.plusSeconds(86_400L * 10);
      Instant to = from.plusSeconds(86_400);
      rangeSize = s.interactionsStartedBetween(from, to).size();
      range = median(50, () -> s.interactionsStartedBetween(from, to));
      bySyncRepo = median(50, () -> s.conversationsBySyncRepo("repo1"));
    }
    return new Result(CONVERSATIONS, INTERACTIONS, process[0], process[1], cold, firstPage, full, interactions, range,
        bySyncRepo, Files.size(index), size(objects()), rebuild, rangeSize);
  }

  private Path gitDir() {
    return Files.exists(store.resolve(".git")) ? store.resolve(".git") : store;
  }

  private Path indexFile() {
    return gitDir().resolve("quire/read-index");
  }

  private Path objects() {
    return gitDir().resolve("objects");
  }

  /** Builds the store unless the folder holds one already (reused with {@code --store}). */
  void buildIfMissing() {
    if (!Files.exists(store.resolve("config")) && !Files.exists(store.resolve(".git"))) {
      build();
    }
  }

  private void build() {
    progress.println("building a store of " + CONVERSATIONS + " conversations and " + INTERACTIONS + " interactions in " + store);
    progress.flush();
    try (Store s = Store.init(store, true, StoreOptions.defaults())) {
      List<Entity> all = new ArrayList<>(CONVERSATIONS + INTERACTIONS + 2);
      for (int r = 0; r < 2; r++) { // the sync repos every 50th conversation is on
        all.add(Entity.of(EntityTypes.SYNC_REPOS, Map.of("id", "repo" + r, "name", "Repo " + r,
            "remoteUrl", "https://example.org/repo" + r + ".git", "branch", "main")));
      }
      for (int c = 0; c < CONVERSATIONS; c++) {
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("id", "c" + c);
        f.put("title", "Conversation " + c);
        f.put("projectId", null);
        f.put("createdAt", START.plusSeconds(c * 600L).toString());
        f.put("updatedAt", START.plusSeconds(c * 600L + (c * 7919L % 86_400)).toString());
        if (c % 50 == 0) {
          f.put("syncRepoId", "repo" + (c / 50 % 2));
        }
        all.add(Entity.of(EntityTypes.CONVERSATIONS, f));
      }
      for (int i = 0; i < INTERACTIONS; i++) {
        String conv = i < 1000 ? "c0" : "c" + (1 + (i - 1000) % (CONVERSATIONS - 1));
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("id", "i" + i);
        f.put("conversationId", conv);
        f.put("index", i < 1000 ? i : (i - 1000) / (CONVERSATIONS - 1));
        f.put("type", "message.user_assistant");
        f.put("status", "COMPLETED");
        f.put("prompt", Map.of("id", "p" + i, "content", "Question number " + i + "?", "parameters", Map.of(), "metadata", Map.of()));
        f.put("response", "An answer to question " + i + ", a few sentences long, as a model would write it.");
        f.put("startedAt", START.plusSeconds(i * 86L).toString()); // 100 days over 100,000 turns
        f.put("metadata", Map.of("modelId", "gpt-4o"));
        all.add(Entity.of(EntityTypes.INTERACTIONS, f));
      }
      s.putAll(all);
    }
  }

  /** The JVM options {@code bin/quire} gives short read commands such as {@code list} (keep the two alike). */
  static final List<String> SHORT_COMMAND_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /**
   * The whole process of {@code quire list conversations --limit 50} in a fresh JVM, best of
   * three: plainly ({@code [0]}), and as {@code bin/quire} runs it ({@code [1]}): with a
   * class-data-sharing archive as the launcher makes one and its options for short commands.
   */
  private double[] listProcess() throws IOException {
    Path jsa = Files.createTempFile("quire-read-bench", ".jsa");
    Files.delete(jsa);
    try {
      run(Processes.java("dev.quire.cli.Main", "-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
      List<String> asTheLauncher = new ArrayList<>(SHORT_COMMAND_OPTIONS);
      asTheLauncher.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
      return new double[] {best(Processes.java("dev.quire.cli.Main")),
          best(Processes.java("dev.quire.cli.Main", asTheLauncher.toArray(String[]::new)))};
    } finally {
      Files.deleteIfExists(jsa);
    }
  }

  private double best(List<String> java) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      run(java);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  private void run(List<String> java) {
    List<String> cmd = new ArrayList<>(java);
    cmd.addAll(List.of("-C", store.toString(), "list", "conversations", "--limit", "50"));
    Processes.Output out = Processes.run(store, cmd.toArray(String[]::new));
    if (out.code() != 0 || out.text().lines().count() < 50) {
      throw new IllegalStateException("quire list failed: " + out.text());
    }
  }

  private static double median(int runs, Supplier<?> read) {
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      read.get();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
