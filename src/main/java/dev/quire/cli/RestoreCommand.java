package dev.quire.cli;

import dev.quire.model.EntityType;
import dev.quire.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire restore [TYPE [ID]] --to REV}: a past state back, as a new commit. */
@Command(name = "restore", description = "Put the store, one type or one entity back as it was at a revision, as a new"
    + " commit (which can itself be undone). See \"quire log\" for revisions.")
final class RestoreCommand extends StoreVerb {
  @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", converter = TypeConverter.class,
      description = "Restore only this type (conversations bring their interactions).")
  EntityType type;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "Restore only this entity.")
  String id;

  @Option(names = "--to", required = true, paramLabel = "REV", description = "The revision: a commit id, HEAD~1, a tag.")
  String to;

  @Override
  int run(Store store) {
    String commit = type == null ? store.restore(to) : id == null ? store.restore(type, to) : store.restore(type, id, to);
    spec.commandLine().getOut().println(commit == null ? "nothing to restore: already as at " + to
        : "restored in commit " + commit.substring(0, 12));
    return Main.OK;
  }
}
