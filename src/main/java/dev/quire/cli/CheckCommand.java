package dev.quire.cli;

import dev.quire.codec.EntityCodec;
import dev.quire.layout.Problem;
import dev.quire.layout.StoreFolder;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code quire check [PATH…]}: every entity file parses, fits, sits right, is canonical. */
@Command(name = "check", description = {
    "Check entity files: each must parse, fit its type, sit where its id says and be in",
    "canonical form. Problems print as path:line:column: message; exit code 4 if any."})
final class CheckCommand extends Verb {
  @Mixin
  Targets targets;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    EntityCodec codec = new EntityCodec();
    int files = 0;
    int problems = 0;
    for (Map.Entry<StoreFolder, List<String>> target : targets.resolve().entrySet()) {
      StoreFolder store = target.getKey();
      List<String> names = target.getValue().isEmpty() ? store.entityFiles() : target.getValue();
      for (Problem p : store.check(codec, names)) {
        out.println(targets.display(store, p));
        problems++;
      }
      files += names.size();
    }
    out.println(problems == 0
        ? "checked " + files + " entity files: all valid and canonical"
        : "checked " + files + " entity files: " + problems + (problems == 1 ? " problem" : " problems"));
    return problems == 0 ? Main.OK : Main.INVALID;
  }
}
