package dev.quire.cli;

import dev.quire.codec.Format;
import dev.quire.merge.RecordedConflict;
import dev.quire.store.Store;
import dev.quire.sync.Conflicts;
import picocli.CommandLine.Command;

/** {@code quire conflicts}: what merges recorded and nobody settled yet. */
@Command(name = "conflicts", description = "List the conflicts merges recorded (the values kept and the values set aside).")
final class ConflictsCommand extends StoreVerb {
  @Override
  int run(Store store) {
    var out = spec.commandLine().getOut();
    var all = Conflicts.of(store).list();
    if (all.isEmpty()) {
      out.println("no recorded conflicts");
    }
    for (RecordedConflict c : all) {
      out.println("# " + c.file());
      out.print(StoreCommands.CODEC.writeTree(c.tree(), Format.YAML));
    }
    return Main.OK;
  }
}
