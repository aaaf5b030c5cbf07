package dev.quire.cli;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.layout.EntityPath;
import dev.quire.layout.Layout;
import dev.quire.layout.Problem;
import dev.quire.layout.StoreFolder;
import dev.quire.model.Entity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quire fmt [--to FORMAT] [PATH…]}: rewrites entity files in canonical form. */
@Command(name = "fmt", description = {
    "Rewrite entity files in canonical form (and, with --to, in another format).",
    "Files that do not parse or fit are reported and left untouched; exit code 4 if any."})
final class FmtCommand extends Verb {
  @Mixin
  Targets targets;

  @Option(names = "--to", paramLabel = "FORMAT", description = "Convert to yaml or json.")
  String to;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Format target = to == null ? null : Format.valueOf(to.toUpperCase(java.util.Locale.ROOT));
    EntityCodec codec = new EntityCodec();
    int rewritten = 0;
    int problems = 0;
    for (Map.Entry<StoreFolder, List<String>> t : targets.resolve().entrySet()) {
      StoreFolder store = t.getKey();
      for (String path : t.getValue().isEmpty() ? store.entityFiles() : t.getValue()) {
        byte[] bytes = store.bytes(path);
        Entity entity;
        try {
          entity = store.layout().decode(path, bytes, codec);
        } catch (MalformedFileException | InvalidEntityException e) {
          out.println(targets.display(store, Problem.of(path, e)));
          problems++;
          continue;
        }
        Format format = target != null ? target : Format.ofFileName(path).orElseThrow();
        EntityPath dest = store.layout().pathOf(entity, format);
        byte[] canonical = codec.encode(entity, format);
        if (dest.path().equals(path) && Arrays.equals(bytes, canonical)) {
          continue;
        }
        Path destFile = Layout.resolve(store.root(), dest.path());
        Files.createDirectories(destFile.getParent());
        Files.write(destFile, canonical);
        if (!dest.path().equals(path)) {
          Files.delete(Layout.resolve(store.root(), path));
        }
        out.println("formatted " + dest.path());
        rewritten++;
      }
    }
    out.println(rewritten + " file" + (rewritten == 1 ? "" : "s") + " rewritten"
        + (problems > 0 ? ", " + problems + " left untouched with problems" : ""));
    return problems == 0 ? Main.OK : Main.INVALID;
  }
}
