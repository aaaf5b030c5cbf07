package dev.quire.cli;

import dev.quire.codec.EntityCodec;
import dev.quire.layout.Problem;
import dev.quire.layout.StoreFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quire check [PATH…]}: every entity file parses, fits, sits right, is canonical. */
@Command(name = "check", description = {
    "Check entity files: each must parse, fit its type, sit where its id says and be in",
    "canonical form. Problems print as path:line:column: message; exit code 4 if any."})
final class CheckCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = "Store folders, sub-folders or files (default: the store at -C).")
  List<Path> paths;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    EntityCodec codec = new EntityCodec();
    int files = 0;
    int problems = 0;
    for (Map.Entry<StoreFolder, List<String>> target : Targets.resolve(main.directory(), paths).entrySet()) {
      StoreFolder store = target.getKey();
      List<String> names = target.getValue().isEmpty() ? store.entityFiles() : target.getValue();
      for (Problem p : store.check(codec, names)) {
        out.println(display(main.directory(), store, p));
        problems++;
      }
      files += names.size();
    }
    out.println(problems == 0
        ? "checked " + files + " entity files: all valid and canonical"
        : "checked " + files + " entity files: " + problems + (problems == 1 ? " problem" : " problems"));
    return problems == 0 ? Main.OK : Main.INVALID;
  }

  /** The problem with its path shown relative to the folder quire runs in. */
  static String display(Path base, StoreFolder store, Problem p) {
    String shown = base.relativize(store.root().resolve(p.path())).toString();
    return new Problem(shown.isEmpty() ? p.path() : shown, p.line(), p.column(), p.message()).toString();
  }
}
