package dev.quire.cli;

import dev.quire.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quire commit}: validates hand edits in the working tree and commits them. */
@Command(name = "commit", description = "Validate the files edited by hand and commit them as one transaction.")
final class CommitCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    try (Store store = main.openStore()) {
      String commit = store.commitWorkingTree();
      spec.commandLine().getOut().println(commit == null ? "nothing to commit"
          : "committed " + commit.substring(0, 12) + " " + store.log(1).get(0).subject());
    }
    return Main.OK;
  }
}
