package dev.quire.cli;

import dev.quire.model.EntityType;
import dev.quire.store.Revision;
import dev.quire.store.Store;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire log [TYPE ID] [-n N]}: the store's transactions, or one entity's history. */
@Command(name = "log", description = "Show the latest transactions, or the history of one entity.")
final class LogCommand extends Verb {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", converter = TypeConverter.class, description = "An entity type.")
  EntityType type;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "An entity id.")
  String id;

  @Option(names = "-n", paramLabel = "N", defaultValue = "20", description = "At most N entries (default ${DEFAULT-VALUE}).")
  int max;

  @Override
  public Integer call() {
    if (type != null && id == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give both TYPE and ID, or neither");
    }
    try (Store store = main.openStore()) {
      List<Revision> revisions = type == null ? store.log(max) : store.history(type, id);
      revisions.stream().limit(max).forEach(r -> spec.commandLine().getOut().println(
          r.shortId() + "  " + TIME.format(r.time()) + "  " + r.subject()));
    }
    return Main.OK;
  }
}
