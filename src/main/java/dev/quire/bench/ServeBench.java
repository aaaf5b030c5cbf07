package dev.quire.bench;

import dev.quire.serve.StoreServer;
import dev.quire.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.file.PathUtils;

/**
 * The serving benchmark ({@code quire bench serve}), on loopback: {@code quire serve} of the
 * read benchmark's store (10,000 conversations and 100,000 interactions), against C git's own
 * {@code git http-backend} serving the same repository in the same run. It times C git's
 * clone of the store from each (median of three, alternating) and gives the ratio; counts
 * {@code /marketplace/index.json} requests per second with 8 concurrent clients; and has 4 C
 * git clones push 100 commits each at the same time (a refused push fetches, rebases and
 * pushes again), then checks that every one of the 400 commits is in the store.
 */
public final class ServeBench {
  /** The measured figures; times in the units their names say. */
  public record Result(int entities, double cloneSeconds, double cloneHttpBackendSeconds, double indexRequestsPerSecond,
      int clients, int pushers, int commitsEach, int pushedCommits, int lost, int refusedAndRetried, double pushSeconds,
      double firstPushSeconds) {
    /** Quire's clone time over C git's. */
    public double cloneRatio() {
      return cloneSeconds / cloneHttpBackendSeconds;
    }
  }

  static final int CLIENTS = 8;
  static final int PUSHERS = 4;
  static final int COMMITS_EACH = 100;
  private static final String USER = "bench";
  private static final String PASSWORD = "bench-password";

  private final Path store;
  private final Path work;
  private final PrintWriter progress;

  public ServeBench(Path store, Path work, PrintWriter progress) {
    this.store = store;
    this.work = work;
    this.progress = progress;
  }

  public Result run() throws Exception {
    new ReadBench(store, progress).buildIfMissing();
    int entities;
    try (Store s = Store.open(store)) {
      entities = (int) Processes.check(store, "git", "ls-tree", "-r", "--name-only", "HEAD", "v2").lines().count();
      publishOnePackage(s);
      double[] clones;
      double rate;
      // clones and index.json from a read-only server, as anonymous as git http-backend here
      try (StoreServer server = StoreServer.start(s, "store", new StoreServer.Options("127.0.0.1", 0, List.of(), null, null, null, true));
          HttpBackend backend = new HttpBackend(store.getParent(), null, null)) {
        clones = clones(server.gitUrl(), backend.url(store.getFileName().toString()));
        rate = indexRate("http://127.0.0.1:" + server.address().getPort() + "/marketplace/index.json");
      }
      // pushes to a server with a user, which checks the store's files once from its start (the first push waits for it)
      try (StoreServer server = StoreServer.start(s, "store", new StoreServer.Options("127.0.0.1", 0, List.of(), USER, PASSWORD))) {
        Pushes pushes = pushes(s, withCredentials(server.gitUrl()));
        return new Result(entities, clones[0], clones[1], rate, CLIENTS, PUSHERS, COMMITS_EACH, pushes.found, pushes.lost,
            pushes.refused, pushes.seconds, pushes.firstPushSeconds);
      }
    }
  }

  private static String withCredentials(String url) {
    return url.replace("http://", "http://" + USER + ":" + PASSWORD + "@");
  }

  /** The store publishes one package (for index.json), committed once; a reused store has it already. */
  private void publishOnePackage(Store s) {
    if (Processes.run(store, "git", "cat-file", "-e", "HEAD:marketplace.yaml").code() == 0) {
      return;
    }
    s.seam().transact(tx -> {
      tx.putRaw("marketplace.yaml", "name: Bench\ndescription: A served marketplace\nversion: 1.0.0\n".getBytes(StandardCharsets.UTF_8));
      tx.putRaw("packages/tidy/package.yaml", "id: tidy\nname: Tidy\ntype: rule\nversion: 1.0.0\n".getBytes(StandardCharsets.UTF_8));
      tx.putRaw("packages/tidy/rules/rTidy.yaml", "id: rTidy\nname: Tidy\ntype: system\ncontent: Be brief.\n"
          .getBytes(StandardCharsets.UTF_8));
      tx.message("bench serve: publish one package");
    });
  }

  /** Median clone seconds from quire serve ({@code [0]}) and from git http-backend ({@code [1]}), alternating. */
  private double[] clones(String quire, String git) throws IOException {
    List<Double> q = new ArrayList<>();
    List<Double> g = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      q.add(clone(quire, "quire-" + round));
      g.add(clone(git, "git-" + round));
      progress.printf("clone %d: quire serve %.2f s, git http-backend %.2f s%n", round + 1, q.get(round), g.get(round));
      progress.flush();
    }
    return new double[] {median(q), median(g)};
  }

  private double clone(String url, String name) throws IOException {
    Path into = work.resolve(name);
    long t0 = System.nanoTime();
    Processes.check(work, "git", "-c", "credential.helper=", "clone", "-q", "--bare", url, into.toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    PathUtils.deleteDirectory(into);
    return seconds;
  }

  /** index.json answers per second, {@link #CLIENTS} clients each asking again as soon as answered, for 5 s after 1 s of warm-up. */
  private double indexRate(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
        .header("Cache-Control", "no-cache").timeout(Duration.ofSeconds(10)).build();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    AtomicLong answered = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    long end = warmEnd + 5_000_000_000L;
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
          if (System.nanoTime() > warmEnd) {
            (r.statusCode() == 200 && r.body().length > 0 ? answered : failed).incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : clients) {
      f.get();
    }
    pool.shutdown();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " index.json requests failed");
    }
    double rate = answered.get() / 5.0;
    progress.printf("index.json: %,.0f answers/s with %d clients%n", rate, CLIENTS);
    progress.flush();
    return rate;
  }

  /** What the pushers did. */
  private record Pushes(int found, int lost, int refused, double seconds, double firstPushSeconds) {}

  /** {@link #PUSHERS} clones, each committing and pushing {@link #COMMITS_EACH} times, all at once. */
  private Pushes pushes(Store s, String url) throws Exception {
    List<Path> clones = new ArrayList<>();
    for (int p = 0; p < PUSHERS; p++) {
      Path clone = work.resolve("pusher-" + p);
      // a sparse clone: the pushers need v2/rules/ only, not 110,000 files on disk
      Processes.check(work, "git", "-c", "credential.helper=", "clone", "-q", "--sparse", url, clone.toString());
      Processes.check(clone, "git", "sparse-checkout", "add", "v2/rules");
      clones.add(clone);
    }
    long t0 = System.nanoTime();
    commitAndPush(clones.get(0), 0, -1);
    double first = (System.nanoTime() - t0) / 1e9;
    String start = s.seam().refresh().name();
    progress.printf("first push: %.2f s; now %d pushers x %d commits at once ...%n", first, PUSHERS, COMMITS_EACH);
    progress.flush();
    ExecutorService pool = Executors.newFixedThreadPool(PUSHERS);
    List<Future<Integer>> refused = new ArrayList<>();
    t0 = System.nanoTime();
    for (int p = 0; p < PUSHERS; p++) {
      int pusher = p;
      refused.add(pool.submit(() -> {
        int n = 0;
        for (int c = 0; c < COMMITS_EACH; c++) {
          n += commitAndPush(clones.get(pusher), pusher, c);
        }
        return n;
      }));
    }
    int refusals = 0;
    for (Future<Integer> f : refused) {
      refusals += f.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - t0) / 1e9;
    String head = s.seam().refresh().name();
    int found = 0;
    for (int p = 0; p < PUSHERS; p++) {
      found += Integer.parseInt(Processes.check(store, "git", "rev-list", "--count", "--author=pusher" + p, start + ".." + head)
          .strip());
    }
    int expected = PUSHERS * COMMITS_EACH;
    progress.printf("pushes: %d of %d commits in the store, %d refused as the store had moved and pushed again, %.1f s%n",
        found, expected, refusals, seconds);
    progress.flush();
    return new Pushes(found, expected - found, refusals, seconds, first);
  }

  /** One commit in a clone, pushed until it is taken; returns how many times the push was refused. */
  private int commitAndPush(Path clone, int pusher, int n) throws IOException {
    Path file = clone.resolve("v2/rules/pusher" + pusher + ".yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "id: pusher" + pusher + "\nname: Pusher " + pusher + "\ntype: system\ncontent: commit " + n + "\n");
    String[] who = {"git", "-c", "user.name=pusher" + pusher, "-c", "user.email=pusher" + pusher + "@example.org",
        "-c", "credential.helper="};
    Processes.check(clone, concat(who, "add", "-A"));
    Processes.check(clone, concat(who, "commit", "-q", "-m", "pusher " + pusher + ": commit " + n));
    for (int refused = 0; ; refused++) {
      Processes.Output out = Processes.run(clone, concat(who, "push", "-q", "origin", "HEAD:main"));
      if (out.code() == 0) {
        return refused;
      }
      if (!out.text().contains("the store moved") && !out.text().contains("fetch first")
          && !out.text().contains("non-fast-forward")) {
        throw new IllegalStateException("pusher " + pusher + "'s push was refused: " + out.text());
      }
      if (refused > 200) {
        throw new IllegalStateException("pusher " + pusher + " was refused 200 times: " + out.text());
      }
      Processes.check(clone, concat(who, "pull", "-q", "--rebase", "origin", "main"));
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = xs.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
