package dev.quire.cli;

import dev.quire.schema.MigrationStep;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quire migrate [--dry-run]}: brings a store to the newest schema version. */
@Command(name = "migrate", description = "Migrate the store to the newest schema version, one commit per step (v1 → v2: …).")
final class MigrateCommand extends Verb {
  @Option(names = "--dry-run", description = "Show what the next step would do; commit nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    List<MigrationStep> steps = Store.migrate(main.directory(), StoreOptions.defaults(), dryRun);
    var out = spec.commandLine().getOut();
    if (steps.isEmpty()) {
      out.println("the store is at v" + Store.SCHEMA_VERSION + ", the newest schema version: nothing to migrate");
    }
    for (MigrationStep s : steps) {
      out.printf("v%d → v%d: %s: %,d files moved, %,d written, %,d deleted%s%n", s.from(), s.to(), s.summary(),
          s.moved(), s.written(), s.deleted(), s.commit() == null ? " (dry run: nothing committed)"
              : " in commit " + s.commit().substring(0, 12));
    }
    return Main.OK;
  }
}
