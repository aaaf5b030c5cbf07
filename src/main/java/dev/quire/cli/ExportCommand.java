package dev.quire.cli;

import dev.quire.exchange.ExportGroup;
import dev.quire.exchange.FullExport;
import dev.quire.store.MissingSecret;
import dev.quire.store.Snapshot;
import dev.quire.store.Store;
import java.time.Instant;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quire export [-o FILE] [--only GROUP,…] [--at REV]}: LiteChat's full export. */
@Command(name = "export", description = "Write LiteChat's full export (FullExportData, version 1) of the store, now or at a revision.")
final class ExportCommand extends Verb {
  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  String output;

  @Option(names = "--only", paramLabel = "GROUP,…", description = "Export only these groups: settings, api-keys,"
      + " provider-configs, projects, conversations, rules-and-tags, mods, sync-repos, mcp-servers,"
      + " prompt-templates, agents, workflows (default: all; API key values only with api-keys).")
  String only;

  @Option(names = "--at", paramLabel = "REV", description = "Export the store as it was at this revision.")
  String at;

  @Override
  public Integer call() throws Exception {
    Set<ExportGroup> groups = ExchangeFiles.groups(spec, only);
    try (Store store = main.openStore()) {
      Snapshot snapshot = at == null ? store : store.at(at);
      ExchangeFiles.output(main, output, spec.commandLine().getOut(),
          out -> FullExport.write(snapshot, groups, Instant.now(), out));
      if (at == null && (groups.contains(ExportGroup.API_KEYS) || groups.contains(ExportGroup.SYNC_REPOS))) {
        for (MissingSecret m : store.missingSecrets()) {
          spec.commandLine().getErr().println("warning: " + m.ref() + " is exported as null: " + m.reason());
        }
      }
    }
    return Main.OK;
  }
}
