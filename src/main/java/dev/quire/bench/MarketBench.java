package dev.quire.bench;

import dev.quire.market.Installer;
import dev.quire.market.Marketplace;
import dev.quire.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The marketplace benchmark ({@code quire bench market}): a marketplace repository of 1,000
 * packages of 5 rules each (package 0 depends on packages 1, 2 and 3), made with C git, as a
 * source of a new store with a working tree. It times the first refresh, a refresh with no
 * change, a search, the install of package 0 with its 3 dependencies, an update of 50
 * installed packages to new versions (one commit), and an uninstall.
 */
public final class MarketBench {
  /** The measured times. */
  public record Result(int packages, double firstRefreshSeconds, double unchangedRefreshSeconds, double searchMillis,
      double installMillis, double update50Seconds, double uninstallMillis) {}

  private final Path workDir;
  private final PrintWriter progress;

  public MarketBench(Path workDir, PrintWriter progress) {
    this.workDir = workDir;
    this.progress = progress;
  }

  public Result run(int packages) throws IOException {
    Path market = workDir.resolve("market");
    progress.printf("writing a marketplace of %,d packages (5 rules each) with C git ...%n", packages);
    progress.flush();
    Processes.check(workDir, "git", "init", "-q", "-b", "main", market.toString());
    Files.writeString(market.resolve("marketplace.yaml"), "name: Bench\ndescription: A big marketplace\nversion: 1.0.0\n");
    for (int p = 0; p < packages; p++) {
      writePackage(market, p, "1.0.0", "");
    }
    commit(market, "1,000 packages");
    try (Store store = Store.init(workDir.resolve("store"))) {
      Marketplace m = Marketplace.of(store);
      m.addSource("bench", market.toString(), null);
      long t0 = System.nanoTime();
      m.refresh("bench");
      double first = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      m.refresh("bench");
      double again = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      int found = m.search("package 42", null).size();
      double search = (System.nanoTime() - t0) / 1e6;
      if (found == 0) {
        throw new IllegalStateException("the search found nothing");
      }
      t0 = System.nanoTime();
      List<String> installed = m.install("bench", "p0000", null, Installer.Options.defaults()).installed();
      double install = (System.nanoTime() - t0) / 1e6;
      if (installed.size() != 4) {
        throw new IllegalStateException("expected a package and 3 dependencies, installed " + installed);
      }
      progress.printf("installing 50 more packages, then publishing a new version of each ...%n");
      progress.flush();
      for (int p = 100; p < 150; p++) {
        m.install("bench", id(p), null, Installer.Options.defaults());
      }
      for (int p = 100; p < 150; p++) {
        writePackage(market, p, "1.1.0", " (revised)");
      }
      commit(market, "50 new versions");
      m.refresh("bench");
      t0 = System.nanoTime();
      int updated = m.update("bench", null, false, false).size();
      double update = (System.nanoTime() - t0) / 1e9;
      if (updated != 50) {
        throw new IllegalStateException("expected 50 updates, made " + updated);
      }
      t0 = System.nanoTime();
      m.uninstall("bench", "p0000", false);
      double uninstall = (System.nanoTime() - t0) / 1e6;
      return new Result(packages, first, again, search, install, update, uninstall);
    }
  }

  private static String id(int p) {
    return String.format(Locale.ROOT, "p%04d", p);
  }

  private static void writePackage(Path market, int p, String version, String edit) throws IOException {
    Path dir = Files.createDirectories(market.resolve("packages/" + id(p) + "/rules"));
    Files.writeString(dir.resolveSibling("package.yaml"), "id: " + id(p) + "\nname: Package " + p + "\ntype: rule\nversion: "
        + version + "\ndescription: Rules for topic " + p + "\n" + (p == 0 ? "dependencies: [p0001, p0002, \"p0003@^1\"]\n" : ""));
    for (int r = 0; r < 5; r++) {
      String rule = String.format(Locale.ROOT, "r%04d_%d", p, r);
      Files.writeString(dir.resolve(rule + ".yaml"), "id: " + rule + "\nname: Rule " + p + "." + r + edit
          + "\ntype: system\ncontent: Follow rule " + r + " of topic " + p + ".\n");
    }
  }

  private static void commit(Path market, String message) {
    Processes.check(market, "git", "add", "-A");
    Processes.check(market, "git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", message);
  }
}
