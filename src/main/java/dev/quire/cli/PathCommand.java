package dev.quire.cli;

import dev.quire.codec.Format;
import dev.quire.layout.Layout;
import dev.quire.model.EntityType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire path TYPE ID}: where the file of an entity lives. */
@Command(name = "path", description = "Print the path of the file that holds TYPE ID.")
final class PathCommand extends Verb {
  @Parameters(index = "0", paramLabel = "TYPE", converter = TypeConverter.class,
      description = "A type folder name: conversations, rules, settings, …")
  EntityType type;

  @Parameters(index = "1", paramLabel = "ID", description = "The entity's id (a setting's key).")
  String id;

  @Option(names = "--conversation", paramLabel = "ID",
      description = "For interactions: the conversation they belong to.")
  String parent;

  @Option(names = "--json", description = "The path of the JSON form instead of YAML.")
  boolean json;

  @Option(names = "--schema-version", paramLabel = "N", defaultValue = "1",
      description = "Schema version (default: ${DEFAULT-VALUE}).")
  int version;

  @Override
  public Integer call() {
    if (!type.isVersioned()) {
      spec.commandLine().getOut().println(".git/" + Layout.cachePath(type, id) + "  (a cache, never committed)");
      return Main.OK;
    }
    Format format = json ? Format.JSON : Format.YAML;
    spec.commandLine().getOut().println(Layout.forVersion(version).pathOf(type, id, parent, format).path());
    return Main.OK;
  }
}
