package dev.quire.cli;

import dev.quire.store.Store;
import dev.quire.sync.Conflicts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quire resolve CONFLICT [--use-other]}: settles a recorded conflict as one commit. */
@Command(name = "resolve", description = "Settle a recorded conflict (its record file, or TYPE/ID): keep the merge,"
    + " or with --use-other take the values the merge set aside.")
final class ResolveCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFLICT")
  String which;

  @Option(names = "--use-other", description = "Take the values the merge policy set aside.")
  boolean useOther;

  @Override
  public Integer call() {
    try (Store store = main.openStore()) {
      String commit = Conflicts.of(store).resolve(which, useOther);
      spec.commandLine().getOut().println("resolved in commit " + commit.substring(0, 12));
    }
    return Main.OK;
  }
}
