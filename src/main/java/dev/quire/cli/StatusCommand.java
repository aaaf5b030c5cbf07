package dev.quire.cli;

import dev.quire.store.Store;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code quire status}: the head, and files edited by hand but not committed. */
@Command(name = "status", description = "Show the head commit, secret values this device lacks, and files edited by hand but not committed.")
final class StatusCommand extends StoreVerb {
  @Override
  int run(Store store) {
    var out = spec.commandLine().getOut();
    String head = store.commitId();
    out.println("store " + store.directory() + " at schema " + store.layout().versionDir()
        + (head == null ? ", no commits" : ", head " + head.substring(0, 12) + " " + store.log(1).get(0).subject()));
    List<dev.quire.store.MissingSecret> missing = store.missingSecrets();
    if (!missing.isEmpty()) {
      SecretsCommand.printMissing(missing, out);
    }
    if (store.isBare()) {
      return Main.OK;
    }
    List<String> changed = store.status();
    if (changed.isEmpty()) {
      out.println("working tree clean");
    } else {
      out.println(changed.size() + " file(s) changed by hand, not committed (\"quire commit\" validates and commits them):");
      changed.forEach(p -> out.println("  " + p));
    }
    return Main.OK;
  }
}
