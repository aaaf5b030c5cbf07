package dev.quire.sync;

import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.layout.EntityPath;
import dev.quire.layout.Layout;
import dev.quire.merge.EntityMerge;
import dev.quire.model.Entity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Quire's semantic merge as a Git merge driver ({@code merge=quire} in {@code .gitattributes}),
 * so that {@code git merge} and {@code git pull} merge entity files field by field as
 * {@code quire sync} does. Git gives the ancestor, ours (the result goes there) and theirs as
 * files, and the path; conflicting fields are settled by the same policy and reported on
 * standard error (a driver can only write the one file: {@code quire sync} records them under
 * {@code .quire/conflicts/} instead).
 */
public final class MergeDriver {
  private MergeDriver() {}

  /** Returns git's exit code: 0 merged, 1 not merged (ours left as it was). */
  public static int run(Path ancestor, Path ours, Path theirs, String path, PrintWriter err) throws IOException {
    int version = Layout.versionOfPath(path);
    Optional<EntityPath> at;
    Layout layout = version > 0 ? Layout.forVersion(version) : null;
    try {
      at = layout == null ? Optional.empty() : layout.parse(path);
    } catch (StoreException e) {
      at = Optional.empty();
    }
    if (at.isEmpty()) {
      err.println("quire merge-driver: " + path + " is not an entity file; merge it by hand");
      return 1;
    }
    EntityCodec codec = new EntityCodec();
    try {
      Entity base = Files.size(ancestor) == 0 ? null : layout.decode(path, Files.readAllBytes(ancestor), codec);
      Entity a = Files.size(ours) == 0 ? null : layout.decode(path, Files.readAllBytes(ours), codec);
      Entity b = Files.size(theirs) == 0 ? null : layout.decode(path, Files.readAllBytes(theirs), codec);
      if (a == null || b == null) {
        err.println("quire merge-driver: " + path + " was deleted on one side; keep the edited version");
        return 1;
      }
      EntityMerge.Result r = EntityMerge.merge(base, a, b);
      for (EntityMerge.Conflict c : r.conflicts()) {
        err.println("quire merge-driver: " + path + ": " + c.field() + " changed on both sides; kept "
            + c.kept() + " (" + c.rule() + "), set aside " + c.lost());
      }
      Files.write(ours, codec.encode(r.entity(), at.get().format()));
      return 0;
    } catch (StoreException e) {
      err.println("quire merge-driver: " + e.getMessage() + "; merge " + path + " by hand");
      return 1;
    }
  }
}
