package dev.quire.cli;

import dev.quire.exchange.ProjectExchange;
import dev.quire.store.Snapshot;
import dev.quire.store.Store;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire export-project ID [-o FILE] [--at REV]}. */
@Command(name = "export-project", description = "Write a project, its sub-projects, their conversations and interactions"
    + " (a LiteChat export with projects, conversations and interactions).")
final class ExportProjectCommand extends StoreVerb {
  @Parameters(index = "0", paramLabel = "ID", description = "The project's id.")
  String id;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  String output;

  @Option(names = "--at", paramLabel = "REV", description = "Export the project as it was at this revision.")
  String at;

  @Override
  int run(Store store) throws Exception {
    Snapshot snapshot = at == null ? store : store.at(at);
    ExchangeFiles.output(main, output, spec.commandLine().getOut(),
        out -> ProjectExchange.write(snapshot, id, Instant.now(), out));
    return Main.OK;
  }
}
