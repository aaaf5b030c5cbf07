package dev.quire.cli;

import dev.quire.StoreException;
import dev.quire.layout.Problem;
import dev.quire.layout.StoreFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The PATH arguments of verbs that work on entity files (files or folders, relative to the
 * -C folder), resolved to the store folders they belong to and the files they name.
 */
final class Targets {
  @ParentCommand
  Main main;

  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = "Store folders, sub-folders or files (default: the store at -C).")
  List<Path> paths;

  /** Store folder → the relative files named in it (empty list = all of its files). */
  Map<StoreFolder, List<String>> resolve() {
    return resolve(main.directory(), paths);
  }

  /** A problem with its path shown relative to the folder quire runs in. */
  String display(StoreFolder store, Problem p) {
    String shown = main.directory().relativize(store.root().resolve(p.path())).toString();
    return (shown.isEmpty() ? p : p.at(shown)).toString();
  }

  private static Map<StoreFolder, List<String>> resolve(Path base, List<Path> args) {
    Map<Path, StoreFolder> stores = new LinkedHashMap<>();
    Map<StoreFolder, List<String>> targets = new LinkedHashMap<>();
    if (args == null || args.isEmpty()) {
      StoreFolder store = enclosing(base);
      targets.put(store, List.of());
      return targets;
    }
    for (Path arg : args) {
      Path path = base.resolve(arg).toAbsolutePath().normalize();
      if (!Files.exists(path)) {
        throw new StoreException(arg + ": no such file or folder");
      }
      StoreFolder store = enclosing(path);
      store = stores.computeIfAbsent(store.root(), r -> enclosing(r));
      List<String> files = targets.computeIfAbsent(store, s -> new ArrayList<>());
      if (path.equals(store.root())) {
        files.addAll(store.entityFiles());
      } else if (Files.isDirectory(path)) {
        String prefix = store.relative(path) + "/";
        store.entityFiles().stream().filter(f -> f.startsWith(prefix)).forEach(files::add);
      } else {
        files.add(store.relative(path));
      }
    }
    return targets;
  }

  /** The store folder at {@code path} or the nearest one above it. */
  static StoreFolder enclosing(Path path) {
    Path p = Files.isDirectory(path) ? path : path.getParent();
    StoreException first = null;
    for (; p != null; p = p.getParent()) {
      try {
        return StoreFolder.open(p);
      } catch (StoreException e) {
        if (first == null) {
          first = e;
        }
        if (e.getMessage().contains("more than one version")) {
          throw e;
        }
      }
    }
    throw new StoreException(path + ": not inside a Quire store (no folder with a v1/ version folder)");
  }
}
