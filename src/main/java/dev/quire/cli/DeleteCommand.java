package dev.quire.cli;

import dev.quire.NotFoundException;
import dev.quire.model.EntityType;
import dev.quire.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quire delete TYPE ID}: one commit, with LiteChat's cascades. */
@Command(name = "delete", description = "Delete one entity, and what depends on it, as one commit.")
final class DeleteCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TYPE", converter = TypeConverter.class, description = "The entity type.")
  EntityType type;

  @Parameters(index = "1", paramLabel = "ID", description = "The entity's id.")
  String id;

  @Override
  public Integer call() {
    try (Store store = main.openStore()) {
      if (!store.delete(type, id)) {
        throw new NotFoundException("no " + type.folder() + " with " + type.idField() + " \"" + id + "\"");
      }
      spec.commandLine().getOut().println("deleted " + type.folder() + " " + id + " in " + store.commitId().substring(0, 12));
    }
    return Main.OK;
  }
}
