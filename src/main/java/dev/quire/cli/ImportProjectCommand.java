package dev.quire.cli;

import dev.quire.exchange.ProjectExchange;
import dev.quire.store.Store;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code quire import-project FILE}: upserts a project subtree in one commit. */
@Command(name = "import-project", description = "Import a project export (from export-project) in one commit, adding or"
    + " updating its projects, conversations and interactions by id.")
final class ImportProjectCommand extends Verb {
  @Parameters(index = "0", paramLabel = "FILE", description = "The project export (JSON).")
  String file;

  @Override
  public Integer call() throws Exception {
    try (Store store = main.openStore();
        InputStream in = new BufferedInputStream(Files.newInputStream(ExchangeFiles.input(main, file)), 1 << 16)) {
      ProjectExchange.Imported r = ProjectExchange.importExport(store, in, file);
      spec.commandLine().getOut().printf("%s: %d projects, %d conversations, %d interactions%n",
          r.commit() == null ? "nothing changed" : "imported in commit " + r.commit().substring(0, 12),
          r.projects(), r.conversations(), r.interactions());
    }
    return Main.OK;
  }
}
