package dev.quire.cli;

import dev.quire.store.Store;
import dev.quire.sync.Sync;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quire install-merge-driver}: .gitattributes (committed) and the repository's merge config. */
@Command(name = "install-merge-driver", description = "Make git merge and git pull merge entity files with Quire:"
    + " commits .gitattributes (merge=quire for v*/ files) and sets merge.quire.driver in this repository's config.")
final class InstallMergeDriverCommand extends StoreVerb {
  @Option(names = "--command", paramLabel = "CMD", description = "How git runs quire (default: this installation's bin/quire).")
  String command;

  @Override
  int run(Store store) {
    String quire = command;
    if (quire == null) {
      String home = System.getProperty("quire.home");
      quire = home == null ? "quire" : "'" + Path.of(home, "bin", "quire") + "'";
    }
    String commit = Sync.of(store).installMergeDriver(quire + " merge-driver %O %A %B %P");
    spec.commandLine().getOut().println("installed the quire merge driver"
        + (commit == null ? "" : "; .gitattributes committed in " + commit.substring(0, 12)));
    return Main.OK;
  }
}
