package dev.quire.cli;

import dev.quire.store.Store;
import dev.quire.sync.Conflicts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire resolve CONFLICT [--use-other]}: settles a recorded conflict as one commit. */
@Command(name = "resolve", description = "Settle a recorded conflict (its record file, or TYPE/ID): keep the merge,"
    + " or with --use-other take the values the merge set aside.")
final class ResolveCommand extends StoreVerb {
  @Parameters(index = "0", paramLabel = "CONFLICT")
  String which;

  @Option(names = "--use-other", description = "Take the values the merge policy set aside.")
  boolean useOther;

  @Override
  int run(Store store) {
    String commit = Conflicts.of(store).resolve(which, useOther);
    spec.commandLine().getOut().println("resolved in commit " + commit.substring(0, 12));
    return Main.OK;
  }
}
