package dev.quire.cli;

import dev.quire.model.EntityType;
import dev.quire.store.Revision;
import dev.quire.store.Store;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quire log [TYPE ID] [-n N]}: the store's transactions, or one entity's history. */
@Command(name = "log", description = "Show the latest transactions, or the history of one entity.")
final class LogCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

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
