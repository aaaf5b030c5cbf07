package dev.quire.cli;

import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire init [DIR] [--bare] [--schema vN] [--from DIR]}. */
@Command(name = "init", description = "Create a store (a Git repository), optionally importing a folder of entity files.")
final class InitCommand extends Verb {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Where (default: the -C folder).")
  Path dir;

  @Option(names = "--bare", description = "A bare repository (no working tree), as for a server.")
  boolean bare;

  @Option(names = "--schema", paramLabel = "vN", description = "Create the store at an older schema version (v1), for tests"
      + " and for installs that still run an older Quire (default: the newest).")
  String schema;

  @Option(names = "--from", paramLabel = "DIR", description = "Import this folder of entity files (such as sample-repo) as the first data commit.")
  Path from;

  @Override
  public Integer call() {
    Path target = dir == null ? main.directory() : main.directory().resolve(dir).normalize();
    StoreOptions options = StoreOptions.defaults();
    if (schema != null) {
      if (!schema.matches("v?[0-9]+")) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--schema: expected v1 to v"
            + Store.SCHEMA_VERSION + ", not \"" + schema + "\"");
      }
      try {
        options = options.toBuilder().schemaVersion(Integer.parseInt(schema.replace("v", ""))).build();
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--schema: " + e.getMessage());
      }
    }
    try (Store store = Store.init(target, bare, options)) {
      String commit = null;
      if (from != null) {
        commit = store.importFolder(main.directory().resolve(from).normalize());
      }
      var out = spec.commandLine().getOut();
      out.println("created " + (bare ? "bare " : "") + "store " + target);
      if (commit != null) {
        int count = 0;
        for (var type : dev.quire.model.EntityTypes.versioned()) {
          count += store.list(type).size();
        }
        out.println("imported " + count + " entities from " + from + " in commit " + commit.substring(0, 12));
      }
    }
    return Main.OK;
  }
}
