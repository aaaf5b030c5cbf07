package dev.quire.cli;

import dev.quire.model.EntityType;
import dev.quire.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quire restore [TYPE [ID]] --to REV}: a past state back, as a new commit. */
@Command(name = "restore", description = "Put the store, one type or one entity back as it was at a revision, as a new"
    + " commit (which can itself be undone). See \"quire log\" for revisions.")
final class RestoreCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", converter = TypeConverter.class,
      description = "Restore only this type (conversations bring their interactions).")
  EntityType type;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "Restore only this entity.")
  String id;

  @Option(names = "--to", required = true, paramLabel = "REV", description = "The revision: a commit id, HEAD~1, a tag.")
  String to;

  @Override
  public Integer call() {
    try (Store store = main.openStore()) {
      String commit = type == null ? store.restore(to) : id == null ? store.restore(type, to) : store.restore(type, id, to);
      spec.commandLine().getOut().println(commit == null ? "nothing to restore: already as at " + to
          : "restored in commit " + commit.substring(0, 12));
    }
    return Main.OK;
  }
}
