package dev.quire.internal.engine;

import dev.quire.StoreException;
import dev.quire.codec.Format;
import dev.quire.layout.StoreFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Imports a folder of entity files (such as {@code sample-repo/}) into a store as one commit. */
public final class FolderImport {
  private FolderImport() {}

  /** A folder at an older schema version is read in its layout and written in the store's. */
  public static String run(Engine engine, Path folder) {
    StoreFolder source = StoreFolder.open(folder);
    if (source.layout().version() > engine.layout().version()) {
      throw new StoreException(folder + " is at schema v" + source.layout().version()
          + ", newer than this store (v" + engine.layout().version() + "); migrate the store first");
    }
    return engine.transact(tx -> {
      for (String path : source.entityFiles()) {
        if (source.layout().parse(path).isEmpty()) {
          continue; // attachment contents: they come with their interaction
        }
        // entities are the same at every version; the store writes them in its own layout
        tx.put(source.read(path, engine.codec()), Format.ofFileName(path).orElse(Format.YAML));
      }
      Path manifest = folder.resolve("quire.yaml");
      if (Files.isRegularFile(manifest)) {
        try {
          tx.putRaw("quire.yaml", Files.readAllBytes(manifest));
        } catch (IOException e) {
          throw new StoreException("cannot read " + manifest + ": " + e.getMessage() + "; nothing was imported", e);
        }
      }
      tx.message("import " + folder.getFileName());
    });
  }
}
