package dev.quire.bench;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.io.file.PathUtils;

/**
 * The write benchmark ({@code quire bench write}): builds LiteChat-shaped stores (conversations
 * of 50 entities: the conversation and 49 interactions) of 1,000 and 100,000 entities, then
 * measures single-entity saves through the public API, each its own commit, in working-tree
 * mode: half new interactions appended to a random conversation, half conversation updates.
 * The time includes the final flush that brings files and Git's index up to date.
 *
 * <p>Building a store writes its files in one burst, and on some disks (the development VMs)
 * creating any file is then several times slower for minutes. Every commit creates a few
 * files, so a measurement taken in that wake measures the burst, not the store. So the file
 * system is synced after the build, 500 saves are measured right away (the cold rate,
 * reported), the store then rests for a settling period (default 120 s, reported), and only
 * then are the measured saves made. Stores are deleted only when every size has been
 * measured, for the same reason. The saves themselves are measured as an application makes
 * them.
 *
 * <p>With a history ({@code --history N}), N single-entity edits (of conversations and of
 * existing interactions, so that the store keeps its size) are committed right after the
 * build, so that the rate is that of a store with N commits behind it (every commit writes a
 * pack, and the packs are merged as they come: the benchmark reports how many there are,
 * with the files and bytes of {@code .git/objects}). After the measured saves, as many again
 * are made in alternating blocks: saves alone, and saves each followed by an application's
 * read (the first page of conversations, from the read index, which then moves at every
 * commit); the mean commit time of each tells whether keeping the index slows a commit.
 */
public final class WriteBench {
  /** One measured size. */
  public record Result(int entities, int saves, double seconds, double ratePerSecond,
      double p50Millis, double p95Millis, double p99Millis, double buildSeconds,
      double settleSeconds, double fileCreateMicros, double coldRatePerSecond, History history,
      double commitMicrosWithoutReads, double commitMicrosWithReads, double readMicros) {}

  /**
   * The store's history when it was measured: commits made before the measured saves, and
   * what {@code .git/objects} held after them (packs, files, bytes).
   */
  public record History(int commits, double seconds, long packs, long objectFiles, long objectBytes) {}

  private final Path workDir;
  private final int saves;
  private final PrintWriter progress;

  private final int settleSeconds;
  private double gitCliRate = Double.NaN;
  private static final int GIT_SAVES = 200;

  /** C git's rate for the same single-file save in a 10,000-file repository, measured in the same run (NaN before {@link #run}). */
  public double gitCliRate() {
    return gitCliRate;
  }

  private final int history;

  /**
   * @param history single-entity commits made at each size before the measured saves (0:
   *     only the saves' own), so that a rate is measured with that much history behind it
   */
  public WriteBench(Path workDir, int saves, int settleSeconds, int history, PrintWriter progress) {
    this.workDir = workDir;
    this.saves = saves;
    this.settleSeconds = settleSeconds;
    this.history = history;
    this.progress = progress;
  }

  /** Runs the benchmark at the given store sizes (in entities). */
  public List<Result> run(int... sizes) {
    List<Result> results = new ArrayList<>();
    try {
      Files.createDirectories(workDir);
      progress.printf(Locale.ROOT, "creating a file costs %.0f us here at the start%n",
          FileCreationProbe.micros(workDir));
      try {
        warmUp();
        for (int size : sizes) {
          results.add(measure(size));
        }
        progress.printf("C git: %d saves (write, add, commit) in a repository of %,d files ...%n", GIT_SAVES, GitCliRate.FILES);
        progress.flush();
        gitCliRate = GitCliRate.measure(workDir.resolve("git-cli"), GIT_SAVES);
        progress.printf(Locale.ROOT, "  %.1f commits/s%n", gitCliRate);
      } finally {
        for (String name : List.of("warm-up", "store-1000", "store-100000", "git-cli")) {
          deleteQuietly(workDir.resolve(name));
        }
        for (int size : sizes) {
          deleteQuietly(workDir.resolve("store-" + size));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return results;
  }

  private void warmUp() throws IOException {
    Path dir = workDir.resolve("warm-up");
    deleteQuietly(dir);
    try (Store store = Store.init(dir)) {
      populate(store, 1_000);
      saveMany(store, Math.min(saves, 500), new Random(1), 1_000 / 50, new long[Math.min(saves, 500)], null);
    }
  }

  private static void deleteQuietly(Path dir) throws IOException {
    if (Files.exists(dir)) {
      PathUtils.deleteDirectory(dir);
    }
  }

  private Result measure(int size) throws IOException {
    Path dir = workDir.resolve("store-" + size);
    deleteQuietly(dir);
    progress.printf("building a store of %,d entities in %s ...%n", size, dir);
    progress.flush();
    long b0 = System.nanoTime();
    long[] latencies = new long[saves];
    long[] withReads = new long[saves];
    long[] withoutReads = new long[saves];
    long[] reads = new long[saves];
    double seconds;
    double build;
    double historySeconds = 0;
    double cold;
    double create;
    try (Store store = Store.init(dir)) {
      populate(store, size);
      store.flush();
      build = (System.nanoTime() - b0) / 1e9;
      if (history > 0) {
        progress.printf("  %,d commits of history ...%n", history);
        progress.flush();
        long h0 = System.nanoTime();
        saveMany(store, history, new Random(~size), size / 50, new long[history], null, true);
        store.flush();
        historySeconds = (System.nanoTime() - h0) / 1e9;
        progress.printf(Locale.ROOT, "  made in %.1f s (%.0f commits/s)%n", historySeconds, history / historySeconds);
      }
      syncFileSystem();
      long c0 = System.nanoTime();
      saveMany(store, 500, new Random(-size), size / 50, new long[500], null);
      cold = 500 / ((System.nanoTime() - c0) / 1e9);
      progress.printf(Locale.ROOT, "  built in %.1f s; cold: %.0f commits/s right after the build;"
          + " settling for %d s ...%n", build, cold, settleSeconds);
      progress.flush();
      sleep(settleSeconds * 1000L);
      create = FileCreationProbe.micros(workDir);
      progress.printf(Locale.ROOT, "  creating a file now costs %.0f us; %,d single-entity saves ...%n", create, saves);
      progress.flush();
      long t0 = System.nanoTime();
      saveMany(store, saves, new Random(size), size / 50, latencies, null);
      store.flush();
      seconds = (System.nanoTime() - t0) / 1e9;
      // as many saves again, in blocks of 50 that alternate between saves alone and saves
      // each followed by an app's read (the first page of conversations, from the read index,
      // which then follows every commit): the saves' own times tell whether keeping the index
      // slows a commit, measured side by side so that the disk's moods hit both alike
      store.conversations(0, 50); // the read index is built (or moved) once, before it is timed
      Random random = new Random(size + 1);
      for (int block = 0; block * 50 < saves; block++) {
        int n = Math.min(50, saves - block * 50);
        long[] lat = new long[n];
        long[] rd = new long[n];
        saveMany(store, n, random, size / 50, lat, block % 2 == 1 ? rd : null);
        System.arraycopy(lat, 0, block % 2 == 1 ? withReads : withoutReads, block / 2 * 50, n);
        if (block % 2 == 1) {
          System.arraycopy(rd, 0, reads, block / 2 * 50, n);
        }
      }
      store.flush();
    }
    int commits = 2 + history + 500 + 2 * saves;
    History h = new History(history, historySeconds, count(dir.resolve(".git/objects/pack"), ".pack"),
        count(dir.resolve(".git/objects"), ""), bytes(dir.resolve(".git/objects")));
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    int half = (saves + 1) / 2 / 50 * 50;
    double readMicros = mean(reads, half);
    Result r = new Result(size, saves, seconds, saves / seconds, pct(sorted, 50), pct(sorted, 95),
        pct(sorted, 99), build, settleSeconds, create, cold, h, mean(withoutReads, half), mean(withReads, half), readMicros);
    progress.printf(Locale.ROOT, "  %,d entities: %.0f commits/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms%n",
        size, r.ratePerSecond(), r.p50Millis(), r.p95Millis(), r.p99Millis());
    progress.printf(Locale.ROOT, "  blocks of saves alone and of saves each followed by a first-page read: a commit %.0f us"
        + " alone, %.0f us with the reads (the read index %+.1f %%), the read %.0f us%n", r.commitMicrosWithoutReads(),
        r.commitMicrosWithReads(), 100 * (r.commitMicrosWithReads() / r.commitMicrosWithoutReads() - 1), readMicros);
    progress.printf(Locale.ROOT, "  .git/objects after %,d commits: %,d packs, %,d files, %.1f MiB%n", commits,
        h.packs(), h.objectFiles(), h.objectBytes() / 1048576.0);
    progress.flush();
    return r;
  }

  private static double mean(long[] nanos, int n) {
    return Arrays.stream(nanos, 0, Math.max(1, Math.min(n, nanos.length))).average().orElse(0) / 1e3;
  }

  private static long count(Path dir, String suffix) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix)).count();
    }
  }

  private static long bytes(Path dir) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the operating system to write back dirty data (the POSIX sync command), if it can. */
  private static void syncFileSystem() {
    try {
      Process p = new ProcessBuilder("sync").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
    } catch (IOException e) {
      // no sync command: measure as it is
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }

  /** One commit with {@code size} entities: size/50 conversations of 49 interactions each. */
  private static void populate(Store store, int size) {
    int conversations = size / 50;
    List<Entity> all = new ArrayList<>(size);
    for (int c = 0; c < conversations; c++) {
      all.add(conversation(c, 0));
      for (int i = 0; i < 49; i++) {
        all.add(interaction(c, i));
      }
    }
    store.putAll(all);
  }

  /** Where a sequence of saves is: the next interaction of each conversation, the next edit. */
  private static final class Cursor {
    final int[] next;
    int edit;

    Cursor(int conversations) {
      next = new int[conversations];
      Arrays.fill(next, 49);
    }
  }

  private Cursor cursor;

  /**
   * Saves that each change something (never a no-op), continuing from the last call; with
   * {@code reads}, reads the first page of conversations after each save and times it there.
   */
  private void saveMany(Store store, int count, Random random, int conversations, long[] latencies, long[] reads) {
    saveMany(store, count, random, conversations, latencies, reads, false);
  }

  /**
   * With {@code editsOnly}, the saves edit existing interactions instead of adding new ones,
   * so that a long history leaves the store at its size.
   */
  private void saveMany(Store store, int count, Random random, int conversations, long[] latencies, long[] reads,
      boolean editsOnly) {
    if (cursor == null || cursor.next.length != conversations) {
      cursor = new Cursor(conversations);
    }
    int[] next = cursor.next;
    for (int n = 0; n < count; n++) {
      int c = random.nextInt(conversations);
      Entity e = n % 2 == 1 ? conversation(c, ++cursor.edit)
          : editsOnly ? interaction(c, random.nextInt(next[c])).with("response", "Edited answer " + ++cursor.edit + ".")
          : interaction(c, next[c]++);
      long t0 = System.nanoTime();
      if (store.put(e) == null) {
        throw new IllegalStateException("benchmark save made no commit: " + e.id());
      }
      long t1 = System.nanoTime();
      latencies[n] = t1 - t0;
      if (reads != null) {
        if (store.conversations(0, 50).size() != Math.min(50, conversations)) {
          throw new IllegalStateException("benchmark read a short first page");
        }
        reads[n] = System.nanoTime() - t1;
      }
    }
  }

  private static final String ALPHABET =
      "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";

  /** A nanoid-like id (21 characters of nanoid's alphabet), the same for the same seed. */
  static String nanoid(long seed) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + 7);
    char[] id = new char[21];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET.charAt(r.nextInt(64));
    }
    return new String(id);
  }

  static String conversationId(int c) {
    return nanoid(c);
  }

  static Entity conversation(int c, int version) {
    Instant t = Instant.parse("2025-03-01T00:00:00Z").plusSeconds(c * 60L + version);
    return Entity.of(EntityTypes.CONVERSATIONS, Map.of("id", conversationId(c),
        "title", "Conversation " + c + (version > 0 ? " (edited " + version + ")" : ""),
        "projectId", nanoid(-1),
        "createdAt", Instant.parse("2025-03-01T00:00:00Z").plusSeconds(c * 60L).toString(),
        "updatedAt", t.toString()));
  }

  static Entity interaction(int c, int i) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("modelId", "openai:gpt-4.1");
    meta.put("inputTokens", 120 + i);
    meta.put("outputTokens", 380 + i);
    return Entity.of(EntityTypes.INTERACTIONS, Map.of(
        "id", nanoid(1_000_000_000L + c * 100_000L + i),
        "conversationId", conversationId(c),
        "index", i, "type", "message.user_assistant", "status", "COMPLETED",
        "startedAt", Instant.parse("2025-03-01T00:00:00Z").plusSeconds(c * 60L + i).toString(),
        "prompt", Map.of("id", "p" + c + "-" + i, "content", "Question " + i + " about topic " + c + "?"),
        "response", "Here is an answer to question " + i + ".\n\n```java\nint answer = " + i
            + ";\n```\n\nIt has a few paragraphs of Markdown so that the file is about a kilobyte,"
            + " which is what a typical LiteChat interaction weighs.\n\n- point one\n- point two\n",
        "metadata", meta));
  }
}
