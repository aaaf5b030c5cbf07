package dev.quire.cli;

import dev.quire.sync.MergeDriver;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code quire merge-driver %O %A %B %P}: called by git (see install-merge-driver). */
@Command(name = "merge-driver", description = "Git merge driver: merge entity file %%A with %%B against %%O, field by field (path %%P).")
final class MergeDriverCommand extends Verb {
  @Parameters(index = "0", paramLabel = "ANCESTOR")
  Path ancestor;

  @Parameters(index = "1", paramLabel = "OURS")
  Path ours;

  @Parameters(index = "2", paramLabel = "THEIRS")
  Path theirs;

  @Parameters(index = "3", paramLabel = "PATH")
  String path;

  @Override
  public Integer call() throws Exception {
    return MergeDriver.run(main.directory().resolve(ancestor), main.directory().resolve(ours),
        main.directory().resolve(theirs), path, spec.commandLine().getErr());
  }
}
