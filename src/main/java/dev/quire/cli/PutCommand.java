package dev.quire.cli;

import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code quire put TYPE [FILE|-]}: saves one entity as one commit and prints its id. */
@Command(name = "put", description = "Save one entity from a YAML or JSON file (or standard input) as one commit; prints its id.")
final class PutCommand extends Verb {
  @Parameters(index = "0", paramLabel = "TYPE", converter = TypeConverter.class, description = "The entity type (a folder name).")
  EntityType type;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "The entity file; - or nothing for standard input.")
  String file;

  @Override
  public Integer call() throws IOException {
    byte[] bytes;
    String source;
    if (file == null || file.equals("-")) {
      bytes = System.in.readAllBytes();
      source = "<stdin>";
    } else {
      Path p = main.directory().resolve(file);
      if (!Files.isRegularFile(p)) {
        throw new dev.quire.NotFoundException(file + ": no such file");
      }
      bytes = Files.readAllBytes(p);
      source = file;
    }
    Entity entity = StoreCommands.decode(type, bytes, source);
    try (Store store = main.openStore()) {
      store.put(entity);
    } catch (dev.quire.InvalidEntityException e) {
      if (e.subject() != null && e.subject().equals(source)) {
        throw e;
      }
      throw new dev.quire.InvalidEntityException(source, e.line(), null, e.getMessage()); // name the file
    }
    spec.commandLine().getOut().println(entity.id());
    return Main.OK;
  }
}
