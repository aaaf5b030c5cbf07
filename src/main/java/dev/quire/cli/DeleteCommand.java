package dev.quire.cli;

import dev.quire.NotFoundException;
import dev.quire.model.EntityType;
import dev.quire.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code quire delete TYPE ID}: one commit, with LiteChat's cascades. */
@Command(name = "delete", description = "Delete one entity, and what depends on it, as one commit.")
final class DeleteCommand extends StoreVerb {
  @Parameters(index = "0", paramLabel = "TYPE", converter = TypeConverter.class, description = "The entity type.")
  EntityType type;

  @Parameters(index = "1", paramLabel = "ID", description = "The entity's id.")
  String id;

  @Override
  int run(Store store) {
    if (!store.delete(type, id)) {
      throw new NotFoundException("no " + type.folder() + " with " + type.idField() + " \"" + id + "\"");
    }
    spec.commandLine().getOut().println("deleted " + type.folder() + " " + id + " in " + store.commitId().substring(0, 12));
    return Main.OK;
  }
}
