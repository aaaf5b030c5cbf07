package dev.quire.cli;

import dev.quire.exchange.ExportGroup;
import dev.quire.exchange.FullImport;
import dev.quire.store.Store;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire import FILE [--only GROUP,…] [--merge]}: LiteChat's full import, one commit. */
@Command(name = "import", description = "Import a LiteChat full export in one commit: each imported group is"
    + " cleared and rewritten as LiteChat does, or, with --merge, upserted.")
final class ImportCommand extends Verb {
  @Parameters(index = "0", paramLabel = "FILE", description = "The export file (JSON).")
  String file;

  @Option(names = "--only", paramLabel = "GROUP,…", description = "Import only these groups (default: every group in the file).")
  String only;

  @Option(names = "--merge", description = "Add and update entities without clearing the groups first.")
  boolean merge;

  @Override
  public Integer call() throws Exception {
    Set<ExportGroup> groups = ExchangeFiles.groups(spec, only);
    Path path = ExchangeFiles.input(main, file);
    FullImport.Result result;
    try (Store store = main.openStore();
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        Progress progress = new Progress(spec.commandLine().getErr(), "reading " + file, Files.size(path))) {
      result = FullImport.run(store, in, file, groups, merge ? FullImport.Mode.MERGE : FullImport.Mode.REPLACE,
          progress::bytes);
    }
    var out = spec.commandLine().getOut();
    StringBuilder sb = new StringBuilder();
    result.counts().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
    out.println((result.commit() == null ? "nothing changed" : "imported in commit " + result.commit().substring(0, 12))
        + (sb.length() == 0 ? "" : ": " + sb));
    if (result.generatedIds() > 0) {
      out.println(result.generatedIds() + " entities had no id and got a new one");
    }
    if (!result.ignoredKeys().isEmpty()) {
      out.println("ignored keys that are not part of LiteChat's export: " + String.join(", ", result.ignoredKeys()));
    }
    return Main.OK;
  }
}
