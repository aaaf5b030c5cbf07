package dev.quire.cli;

import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.schema.SchemaGenerator;
import dev.quire.schema.SchemaSet;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire schema [TYPE] [--version N] [--write DIR]}: the JSON Schemas of the entity files. */
@Command(name = "schema", description = "Print the JSON Schema (2020-12) of a type's files, or write every schema"
    + " of every version (schema/vN/<type>.schema.json) from the entity model.")
final class SchemaCommand extends Verb {
  @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", converter = TypeConverter.class, description = "The entity type.")
  EntityType type;

  @Option(names = "--version", paramLabel = "N", description = "The schema version (default: the newest).")
  Integer version;

  @Option(names = "--write", paramLabel = "DIR", description = "Write all schemas under DIR/vN/ (for developers: DIR is schema/).")
  Path write;

  @Override
  public Integer call() throws Exception {
    int v = version == null ? SchemaSet.NEWEST : version;
    if (write != null) {
      Path dir = main.directory().resolve(write);
      int count = 0;
      for (int n = 1; n <= SchemaSet.NEWEST; n++) {
        Files.createDirectories(dir.resolve("v" + n));
        for (EntityType t : EntityTypes.versioned()) {
          Files.writeString(dir.resolve("v" + n).resolve(t.folder() + ".schema.json"), SchemaGenerator.generate(t, n));
          count++;
        }
      }
      spec.commandLine().getOut().println("wrote " + count + " schemas under " + dir);
      return Main.OK;
    }
    if (type == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a TYPE, or use --write DIR");
    }
    spec.commandLine().getOut().print(SchemaSet.text(type, v));
    return Main.OK;
  }
}
