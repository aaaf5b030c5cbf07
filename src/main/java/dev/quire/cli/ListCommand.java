package dev.quire.cli;

import dev.quire.codec.Format;
import dev.quire.model.Dates;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.store.Store;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire list TYPE [--json] [--where FIELD=VALUE]… [--limit N]}. */
@Command(name = "list", description = "List entities of a type in LiteChat's order (conversations newest first, interactions by index).")
final class ListCommand extends Verb {
  @Parameters(index = "0", paramLabel = "TYPE", converter = TypeConverter.class, description = "The entity type.")
  EntityType type;

  @Option(names = "--json", description = "Print a JSON array of the entities.")
  boolean json;

  @Option(names = "--where", paramLabel = "FIELD=VALUE", description = "Keep entities whose top-level FIELD equals VALUE (null for none); repeatable.")
  List<String> where = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", description = "At most N entities.")
  Integer limit;

  @Override
  public Integer call() {
    List<Entity> entities;
    try (Store store = main.openStore()) {
      // a first page alone is read from the read index without decoding the other entities
      entities = where.isEmpty() && limit != null ? store.list(type, 0, limit) : store.list(type);
    }
    for (String condition : where) {
      int eq = condition.indexOf('=');
      if (eq <= 0) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--where takes FIELD=VALUE, not \"" + condition + "\"");
      }
      String field = condition.substring(0, eq);
      String value = condition.substring(eq + 1);
      entities = entities.stream().filter(e -> matches(e.get(field), value)).toList();
    }
    if (limit != null) {
      entities = entities.subList(0, Math.min(limit, entities.size()));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(StoreCommands.CODEC.writeTree(entities.stream().map(e -> (Object) e.fields()).toList(), Format.JSON));
    } else {
      entities.forEach(e -> out.println(StoreCommands.summary(e)));
    }
    return Main.OK;
  }

  private static boolean matches(Object actual, String wanted) {
    if (actual == null) {
      return wanted.equals("null");
    }
    if (actual instanceof Instant i) {
      return Dates.format(i).equals(wanted);
    }
    return Objects.toString(actual).equals(wanted);
  }
}
