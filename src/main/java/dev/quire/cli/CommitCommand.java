package dev.quire.cli;

import dev.quire.store.Store;
import picocli.CommandLine.Command;

/** {@code quire commit}: validates hand edits in the working tree and commits them. */
@Command(name = "commit", description = "Validate the files edited by hand and commit them as one transaction.")
final class CommitCommand extends StoreVerb {
  @Override
  int run(Store store) {
    String commit = store.commitWorkingTree();
    spec.commandLine().getOut().println(commit == null ? "nothing to commit"
        : "committed " + commit.substring(0, 12) + " " + store.log(1).get(0).subject());
    return Main.OK;
  }
}
