package dev.quire.cli;

import dev.quire.bench.CrashBench;
import dev.quire.bench.ImportBench;
import dev.quire.bench.ReadBench;
import dev.quire.bench.MigrateBench;
import dev.quire.bench.WriteBench;
import dev.quire.store.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire bench write|import|migrate|sync|crash [--json]}: the benchmarks. */
@Command(name = "bench", description = "Run a benchmark: write (single-entity commits at 1,000 and 100,000 entities)"
    + ", import (a LiteChat export of 100,000 interactions in one commit), migrate (a v1 store of 100,000 entities to v2)"
    + ", sync (1,000 commits through git daemon, a merge of 1,000 entities) or crash (a writer killed with SIGKILL"
    + " at random moments, --trials times, each store then checked) or read (LiteChat's reads on 10,000 conversations and"
    + " 100,000 interactions, from the read index).")
final class BenchCommand extends Verb {
  @Parameters(index = "0", paramLabel = "NAME", description = "The benchmark: write, import, migrate, sync, crash or read.")
  String name;

  @Option(names = "--json", description = "Print one JSON object with the results (progress goes to stderr).")
  boolean json;

  @Option(names = "--saves", paramLabel = "N", defaultValue = "2000", description = "Saves measured per size (default ${DEFAULT-VALUE}).")
  int saves;

  @Option(names = "--dir", paramLabel = "DIR", description = "Work folder (default: a new temporary folder, deleted afterwards).")
  Path dir;

  @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "120",
      description = "Rest after building each store before the measured saves (default ${DEFAULT-VALUE}); the rate right after the build is reported as cold.")
  int settle;

  @Option(names = "--sizes", paramLabel = "N,N", split = ",", defaultValue = "1000,100000", description = "Store sizes in entities (default ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(names = "--history", paramLabel = "N", defaultValue = "0",
      description = "write: single-entity commits made at each size before the measured saves (default ${DEFAULT-VALUE}).")
  int history;

  @Option(names = "--entities", paramLabel = "N", defaultValue = "100000", description = "migrate: entities in the v1 store (default ${DEFAULT-VALUE}).")
  int entities;

  @Option(names = "--interactions", paramLabel = "N", defaultValue = "100000", description = "import: interactions in the export (default ${DEFAULT-VALUE}).")
  int interactions;

  @Option(names = "--trials", paramLabel = "N", defaultValue = "30", description = "crash: kills (default ${DEFAULT-VALUE}).")
  int trials;

  @Option(names = "--store", paramLabel = "DIR", description = "read: the store to build, or to reuse if it exists (default: in the work folder).")
  Path store;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "crash: seed of the random kill times (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (!List.of("write", "import", "migrate", "sync", "crash", "read", "market", "serve").contains(name)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown benchmark \"" + name + "\"; the benchmarks are: write, import, migrate, sync, crash, read, market, serve");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = json ? spec.commandLine().getErr() : out;
    Path work = dir != null ? main.directory().resolve(dir) : Files.createTempDirectory("quire-bench-");
    if (name.equals("read")) {
      Path at = store != null ? main.directory().resolve(store) : work.resolve("store.git");
      ReadBench.Result r = inWork(work, () -> new ReadBench(at, progress).run());
      out.println(json
          ? String.format(Locale.ROOT, "{\"benchmark\": \"read\", \"conversations\": %d, \"interactions\": %d,"
              + " \"list_process_s\": %.3f, \"list_process_cds_s\": %.3f, \"cold_first_page_ms\": %.1f, \"warm_first_page_ms\": %.3f,"
              + " \"warm_full_list_ms\": %.2f, \"warm_interactions_ms\": %.3f, \"warm_range_ms\": %.3f,"
              + " \"range_size\": %d, \"warm_by_sync_repo_ms\": %.3f, \"index_bytes\": %d, \"repository_bytes\": %d,"
              + " \"rebuild_s\": %.2f}", r.conversations(), r.interactions(), r.listProcessSeconds(), r.listProcessCdsSeconds(),
              r.coldFirstPageMillis(),
              r.warmFirstPageMillis(), r.warmFullListMillis(), r.warmInteractionsMillis(), r.warmRangeMillis(), r.rangeSize(),
              r.warmBySyncRepoMillis(), r.indexBytes(), r.repositoryBytes(), r.rebuildSeconds())
          : String.format(Locale.ROOT, "%,d conversations, %,d interactions: `quire list conversations --limit 50` %.2f s"
              + " (whole process; %.2f s with bin/quire's class-data-sharing archive); cold open + first page %.1f ms; warm: first page %.3f ms, full list %.2f ms, 1,000"
              + " interactions %.3f ms, a startedAt range of %,d %.3f ms, by sync repo %.3f ms; index %,d bytes"
              + " (repository %,d bytes), rebuilt in %.2f s", r.conversations(), r.interactions(), r.listProcessSeconds(),
              r.listProcessCdsSeconds(), r.coldFirstPageMillis(), r.warmFirstPageMillis(), r.warmFullListMillis(), r.warmInteractionsMillis(),
              r.rangeSize(), r.warmRangeMillis(), r.warmBySyncRepoMillis(), r.indexBytes(), r.repositoryBytes(),
              r.rebuildSeconds()));
      return Main.OK;
    }
    if (name.equals("serve")) {
      Path at = store != null ? main.directory().resolve(store) : work.resolve("store.git");
      dev.quire.bench.ServeBench.Result r = inWork(work, () -> new dev.quire.bench.ServeBench(at, work, progress).run());
      out.println(json
          ? String.format(Locale.ROOT, "{\"benchmark\": \"serve\", \"entities\": %d, \"clone_s\": %.2f,"
              + " \"clone_http_backend_s\": %.2f, \"clone_ratio\": %.2f, \"index_requests_per_s\": %.0f, \"clients\": %d,"
              + " \"pushers\": %d, \"commits_each\": %d, \"pushed_commits\": %d, \"lost\": %d, \"refused_and_retried\": %d,"
              + " \"push_s\": %.1f, \"first_push_s\": %.2f}", r.entities(), r.cloneSeconds(), r.cloneHttpBackendSeconds(),
              r.cloneRatio(), r.indexRequestsPerSecond(), r.clients(), r.pushers(), r.commitsEach(), r.pushedCommits(), r.lost(),
              r.refusedAndRetried(), r.pushSeconds(), r.firstPushSeconds())
          : String.format(Locale.ROOT, "a store of %,d entities on loopback: clone %.2f s from quire serve, %.2f s from git"
              + " http-backend (ratio %.2f); index.json %,.0f requests/s with %d clients; %d pushers x %d commits: %d"
              + " commits in the store, %d lost, %d pushes refused and retried, %.1f s (a first push alone %.2f s)", r.entities(), r.cloneSeconds(), r.cloneHttpBackendSeconds(), r.cloneRatio(),
              r.indexRequestsPerSecond(), r.clients(), r.pushers(), r.commitsEach(), r.pushedCommits(), r.lost(),
              r.refusedAndRetried(), r.pushSeconds(), r.firstPushSeconds()));
      return r.lost() == 0 ? Main.OK : Main.FAILURE;
    }
    if (name.equals("market")) {
      dev.quire.bench.MarketBench.Result r = inWork(work, () -> new dev.quire.bench.MarketBench(work, progress).run(1000));
      out.println(json
          ? String.format(Locale.ROOT, "{\"benchmark\": \"market\", \"packages\": %d, \"first_refresh_s\": %.3f,"
              + " \"unchanged_refresh_s\": %.3f, \"search_ms\": %.2f, \"install_ms\": %.1f, \"update_50_s\": %.3f,"
              + " \"uninstall_ms\": %.1f}", r.packages(), r.firstRefreshSeconds(), r.unchangedRefreshSeconds(), r.searchMillis(),
              r.installMillis(), r.update50Seconds(), r.uninstallMillis())
          : String.format(Locale.ROOT, "a source of %,d packages: first refresh %.2f s, refresh with no change %.3f s, search"
              + " %.1f ms, install of a package with 3 dependencies %.0f ms, update of 50 packages %.2f s, uninstall %.0f ms",
              r.packages(), r.firstRefreshSeconds(), r.unchangedRefreshSeconds(), r.searchMillis(), r.installMillis(),
              r.update50Seconds(), r.uninstallMillis()));
      return Main.OK;
    }
    if (name.equals("crash")) {
      CrashBench.Result r = inWork(work, () -> new CrashBench(work, progress, RetryPolicy.DEFAULT.staleLockAfter())
          .run(trials, seed));
      out.println(json
          ? String.format(Locale.ROOT, "{\"benchmark\": \"crash\", \"trials\": %d, \"acknowledged\": %d, \"lost\": %d,"
              + " \"corrupt\": %d, \"unwritable\": %d, \"dirty_after_close\": %d, \"locks_left\": %d,"
              + " \"catch_ups_interrupted\": %d, \"dirty_before_reopen\": %d, \"seconds\": %.1f}", r.trials(),
              r.acknowledged(), r.lost(), r.corrupt(), r.unwritable(), r.dirtyAfterClose(), r.locksLeft(),
              r.catchUpsInterrupted(), r.dirtyBeforeReopen(), r.seconds())
          : String.format(Locale.ROOT, "%d kills, %,d acknowledged writes: %d lost, %d corrupt (git fsck --strict),"
              + " %d stores left unwritable, %d working trees dirty after close; the kills left %d branch locks,"
              + " %d interrupted catch-ups and %d working trees that differed from the head, all recovered (%.1f s)",
              r.trials(), r.acknowledged(), r.lost(), r.corrupt(), r.unwritable(), r.dirtyAfterClose(), r.locksLeft(),
              r.catchUpsInterrupted(), r.dirtyBeforeReopen(), r.seconds()));
      return r.lost() + r.corrupt() + r.unwritable() + r.dirtyAfterClose() == 0 ? Main.OK : Main.FAILURE;
    }
    if (name.equals("sync")) {
      dev.quire.bench.SyncBench.Result r = inWork(work, () -> new dev.quire.bench.SyncBench(work, progress).run(1000));
      out.println(json
          ? String.format(Locale.ROOT, "{\"benchmark\": \"sync\", \"commits\": %d, \"push_s\": %.2f, \"pull_s\": %.2f,"
              + " \"merged_paths\": %d, \"merge_sync_s\": %.2f}", r.commits(), r.pushSeconds(), r.pullSeconds(), r.merged(),
              r.mergeSyncSeconds())
          : String.format(Locale.ROOT, "git daemon on loopback: %,d commits pushed in %.2f s, pulled in %.2f s;"
              + " a sync merging %,d entities changed on both sides took %.2f s", r.commits(), r.pushSeconds(),
              r.pullSeconds(), r.merged(), r.mergeSyncSeconds()));
      return Main.OK;
    }
    if (name.equals("migrate")) {
      MigrateBench.Result r = inWork(work, () -> new MigrateBench(work, progress).run(entities));
      out.println(json
          ? String.format(Locale.ROOT, "{\"benchmark\": \"migrate\", \"entities\": %d, \"attachments\": %d,"
              + " \"build_s\": %.1f, \"migrate_s\": %.2f}", r.entities(), r.attachments(), r.buildSeconds(), r.migrateSeconds())
          : String.format(Locale.ROOT, "migrated a v1 store of %,d entities (%,d attachments) to v%d in %.2f s,"
              + " working tree included (built in %.1f s)", r.entities(), r.attachments(),
              dev.quire.store.Store.SCHEMA_VERSION, r.migrateSeconds(), r.buildSeconds()));
      return Main.OK;
    }
    if (name.equals("import")) {
      ImportBench.Result r = inWork(work, () -> new ImportBench(work, progress).run(interactions));
      if (json) {
        out.println(String.format(Locale.ROOT, "{\"benchmark\": \"import\", \"interactions\": %d, \"entities\": %d,"
            + " \"file_mib\": %.1f, \"import_s\": %.2f, \"entities_per_s\": %.0f, \"cpu_s\": %.2f, \"checkout_s\": %.2f,"
            + " \"entities_per_s_with_checkout\": %.0f, \"peak_heap_mib\": %.0f, \"max_heap_mib\": %.0f}",
            r.interactions(), r.entities(), r.fileBytes() / 1048576.0, r.importSeconds(), r.rate(), r.cpuSeconds(),
            r.checkoutSeconds(), r.entities() / (r.importSeconds() + r.checkoutSeconds()), r.peakHeapBytes() / 1048576.0,
            r.maxHeapBytes() / 1048576.0));
      } else {
        out.printf(Locale.ROOT, "imported %,d entities (%.1f MiB) in one commit in %.2f s: %,.0f entities/s"
            + " (%.2f s of processor time); peak heap %.0f MiB (max %.0f MiB); writing the working tree took %.2f s more%n",
            r.entities(), r.fileBytes() / 1048576.0, r.importSeconds(), r.rate(), r.cpuSeconds(),
            r.peakHeapBytes() / 1048576.0, r.maxHeapBytes() / 1048576.0, r.checkoutSeconds());
      }
      return Main.OK;
    }
    WriteBench bench = new WriteBench(work, saves, settle, history, progress);
    List<WriteBench.Result> results = inWork(work, () -> bench.run(sizes.stream().mapToInt(Integer::intValue).toArray()));
    WriteBench.Result small = results.get(0);
    WriteBench.Result large = results.get(results.size() - 1);
    if (json) {
      StringWriter sw = new StringWriter();
      sw.append(String.format(Locale.ROOT, "{\"benchmark\": \"write\", \"saves\": %d", saves));
      for (WriteBench.Result r : results) {
        String k = r.entities() % 1000 == 0 ? (r.entities() / 1000) + "k" : String.valueOf(r.entities());
        sw.append(String.format(Locale.ROOT, ", \"rate_%s\": %.1f, \"p50_ms_%s\": %.3f, \"p95_ms_%s\": %.3f,"
            + " \"p99_ms_%s\": %.3f, \"cold_rate_%s\": %.1f, \"settle_s_%s\": %.0f, \"file_create_us_%s\": %.0f",
            k, r.ratePerSecond(), k, r.p50Millis(), k, r.p95Millis(), k, r.p99Millis(), k, r.coldRatePerSecond(),
            k, r.settleSeconds(), k, r.fileCreateMicros()));
        sw.append(String.format(Locale.ROOT, ", \"history_%s\": %d, \"packs_%s\": %d, \"object_files_%s\": %d,"
            + " \"objects_mib_%s\": %.1f, \"commit_us_without_reads_%s\": %.0f, \"commit_us_with_reads_%s\": %.0f,"
            + " \"read_us_%s\": %.0f", k, r.history().commits(),
            k, r.history().packs(), k, r.history().objectFiles(), k, r.history().objectBytes() / 1048576.0,
            k, r.commitMicrosWithoutReads(), k, r.commitMicrosWithReads(), k, r.readMicros()));
      }
      if (results.size() > 1) {
        sw.append(String.format(Locale.ROOT, ", \"ratio\": %.3f", large.ratePerSecond() / small.ratePerSecond()));
      }
      sw.append(String.format(Locale.ROOT, ", \"git_cli_rate\": %.1f, \"ratio_vs_git_cli\": %.1f", bench.gitCliRate(),
          large.ratePerSecond() / bench.gitCliRate()));
      out.println(sw.append('}'));
    } else {
      if (results.size() > 1) {
        out.printf(Locale.ROOT, "rate at %,d entities / rate at %,d entities = %.2f%n", large.entities(),
            small.entities(), large.ratePerSecond() / small.ratePerSecond());
      }
      out.printf(Locale.ROOT, "rate at %,d entities / C git's rate (%.1f commits/s) = %.1f%n", large.entities(),
          bench.gitCliRate(), large.ratePerSecond() / bench.gitCliRate());
    }
    return Main.OK;
  }

  /** Runs a benchmark in its work folder, deleting the folder afterwards unless --dir named it. */
  private <R> R inWork(Path work, Callable<R> benchmark) throws Exception {
    try {
      return benchmark.call();
    } finally {
      if (dir == null) {
        org.apache.commons.io.file.PathUtils.deleteDirectory(work);
      }
    }
  }
}
