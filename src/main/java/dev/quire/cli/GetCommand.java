package dev.quire.cli;

import dev.quire.codec.Format;
import dev.quire.model.EntityType;
import dev.quire.store.Snapshot;
import dev.quire.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire get TYPE ID [--json] [--at REV]}. */
@Command(name = "get", description = "Print one entity (canonical YAML, or JSON), now or at a revision.")
final class GetCommand extends StoreVerb {
  @Parameters(index = "0", paramLabel = "TYPE", converter = TypeConverter.class, description = "The entity type.")
  EntityType type;

  @Parameters(index = "1", paramLabel = "ID", description = "The entity's id (a setting's key).")
  String id;

  @Option(names = "--json", description = "Print JSON instead of YAML.")
  boolean json;

  @Option(names = "--at", paramLabel = "REV", description = "A revision: a commit id, HEAD~2, a tag.")
  String at;

  @Override
  int run(Store store) {
    Snapshot snapshot = at == null ? store : store.at(at);
    var entity = snapshot.require(type, id);
    spec.commandLine().getOut().print(StoreCommands.CODEC.encodeToString(entity, json ? Format.JSON : Format.YAML));
    return Main.OK;
  }
}
