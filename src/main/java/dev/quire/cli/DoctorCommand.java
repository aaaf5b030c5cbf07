package dev.quire.cli;

import dev.quire.store.Checkup;
import dev.quire.store.Store;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quire doctor [--check]}: finds and repairs what a crash or a person left behind. */
@Command(name = "doctor", description = "Check the store for what a crash or a person can leave behind (stale locks,"
    + " temporary files, an interrupted working-tree catch-up, damaged markers, secret files others may read,"
    + " damaged objects) and repair what can be; exit 0 when the store is sound, 1 when something needs a person.")
final class DoctorCommand extends StoreVerb {
  @Option(names = "--check", description = "Only report; repair nothing (exit 1 if anything needs repair).")
  boolean check;

  @Override
  int run(Store store) {
    Checkup checkup = store.check(!check);
    PrintWriter out = spec.commandLine().getOut();
    checkup.findings().forEach(out::println);
    out.println(checkup.sound() ? "the store is sound" : "the store needs attention: see above");
    return checkup.sound() ? Main.OK : Main.FAILURE;
  }
}
