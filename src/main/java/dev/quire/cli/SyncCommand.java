package dev.quire.cli;

import dev.quire.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quire sync [REMOTE]}: fetch, semantic merge, push with a lease. */
@Command(name = "sync", description = "Sync with a remote (default origin): fetch, merge entity by entity and field by"
    + " field (conflicts are recorded, see quire conflicts), push with a lease.")
final class SyncCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", defaultValue = "origin")
  String remote;

  @Override
  public Integer call() {
    try (Store store = main.openStore()) {
      Store.SyncResult r = store.sync(remote);
      var out = spec.commandLine().getOut();
      String what = r.fastForward() ? "fast-forwarded" : r.mergedPaths() > 0 ? "merged " + r.mergedPaths() + " paths" : "up to date";
      out.println("synced with " + remote + ": " + what + (r.pushed() ? ", pushed" : "")
          + (r.head() == null ? "" : "; head " + r.head().substring(0, 12))
          + (r.conflicts() > 0 ? "; " + r.conflicts() + " conflicts recorded (quire conflicts)" : ""));
    }
    return Main.OK;
  }
}
