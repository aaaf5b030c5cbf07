package dev.quire.cli;

import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.SortKey;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code quire types}: the entity types, as the registry describes them. */
@Command(name = "types", description = "List the entity types with their folders, keys and constraints.")
final class TypesCommand extends Verb {
  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    for (EntityType t : EntityTypes.all()) {
      out.printf("%-20s table %s, key %s, %s%n", t.folder(), t.table(), t.idField(),
          t.placement().name().toLowerCase(java.util.Locale.ROOT)
              + (t.parentField() == null ? "" : " by " + t.parentField()));
      line(out, "unique", t.uniques().stream().map(u -> String.join("+", u)).toList());
      line(out, "dates", t.dateFields());
      line(out, "secrets", t.secretFields());
      line(out, "lookups", t.indexes());
      line(out, "order", t.order().stream().map(TypesCommand::sortKey).toList());
    }
    return Main.OK;
  }

  private static String sortKey(SortKey k) {
    return k.field() + (k.descending() ? " (newest first)" : "");
  }

  private static void line(PrintWriter out, String label, List<String> values) {
    if (!values.isEmpty()) {
      out.printf("    %-8s %s%n", label, values.stream().collect(Collectors.joining(", ")));
    }
  }
}
