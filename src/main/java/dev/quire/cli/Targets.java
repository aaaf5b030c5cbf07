package dev.quire.cli;

import dev.quire.StoreException;
import dev.quire.layout.StoreFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves PATH arguments (files or folders, relative to the -C folder) to the store folders
 * they belong to and the entity files they name.
 */
final class Targets {
  private Targets() {}

  /** Store folder → the relative files named in it (empty list = all of its files). */
  static Map<StoreFolder, List<String>> resolve(Path base, List<Path> args) {
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
