package dev.quire.cli;

import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import dev.quire.sync.Sync;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code quire clone URL [DIR]}. */
@Command(name = "clone", description = "Clone a store from a Git URL (the remote is origin).")
final class CloneCommand extends Verb {
  @Parameters(index = "0", paramLabel = "URL")
  String url;

  @Parameters(index = "1", arity = "0..1", paramLabel = "DIR")
  Path dir;

  @Override
  public Integer call() {
    Path target = main.directory().resolve(dir != null ? dir
        : Path.of(url.replaceAll("/+$", "").replaceAll(".*[/:]", "").replaceAll("\\.git$", "")));
    try (Store store = Sync.cloneFrom(url, main.directory(), target, StoreOptions.defaults())) {
      spec.commandLine().getOut().println("cloned " + url + " into " + store.directory());
    }
    return Main.OK;
  }
}
