package dev.quire.internal.engine;

import dev.quire.StoreException;
import dev.quire.schema.Migration;
import dev.quire.schema.MigrationStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Applies one {@link Migration} step to a store as one commit: the step reads the head's files
 * and says what to move, write and delete; moved files keep their blobs (nothing is re-read or
 * re-written for them), and in the working tree a moved folder is renamed on disk rather than
 * written again file by file.
 */
public final class Migrator {
  private Migrator() {}

  public static MigrationStep run(Engine core, Migration m, boolean dryRun) {
    ObjectId head = core.head();
    CommitView view = core.view(head);
    List<String[]> moves = new ArrayList<>();
    Map<String, byte[]> puts = new LinkedHashMap<>();
    List<String> deletes = new ArrayList<>();
    try (ObjectReader reader = core.newReader()) {
      m.apply(new Migration.Source() {
        @Override
        public List<String> files(String folder) {
          return view.walk(reader, folder, true).stream().map(CommitView.Located::path).toList();
        }

        @Override
        public byte[] read(String path) {
          ObjectId blob = view.blobAt(reader, path);
          if (blob == null) {
            throw new StoreException("no file " + path + " in " + head.name());
          }
          return core.bytes(reader, blob, Long.MAX_VALUE, path);
        }
      }, new Migration.Changes() {
        @Override
        public void move(String fromFolder, String toFolder) {
          if (fromFolder.contains("/") || toFolder.contains("/")) {
            throw new IllegalArgumentException("only top-level folders move: " + fromFolder + " → " + toFolder);
          }
          moves.add(new String[] {fromFolder, toFolder});
        }

        @Override
        public void put(String path, byte[] content) {
          puts.put(path, content);
        }

        @Override
        public void delete(String path) {
          deletes.add(path);
        }
      });
      // every change as path -> blob: moved files keep their blob ids
      SortedMap<String, ObjectId> changes = new TreeMap<>();
      int moved = 0;
      for (String[] mv : moves) {
        for (CommitView.Located l : view.walk(reader, mv[0], true)) {
          changes.put(l.path(), null);
          changes.put(mv[1] + l.path().substring(mv[0].length()), l.blob());
          moved++;
        }
      }
      deletes.forEach(d -> changes.put(d, null));
      int from = m.from();
      String message = "migrate v" + from + " → v" + (from + 1) + ": " + m.summary() + "\n\n"
          + moved + " files moved, " + puts.size() + " written, " + deletes.size() + " deleted\n\n"
          + "Quire-Migration: v" + from + "-v" + (from + 1) + "\n";
      if (dryRun) {
        return new MigrationStep(from, from + 1, m.summary(), moved, puts.size(), deletes.size(), null);
      }
      SortedMap<String, Object> all = new TreeMap<>(changes);
      all.putAll(puts);
      ObjectId commit = core.commitChanges(head, List.of(), view.tree, all, message,
          () -> renameOnDisk(core, head, moves, puts.keySet()));
      return new MigrationStep(from, from + 1, m.summary(), moved, puts.size(), deletes.size(), commit.name());
    }
  }

  /** Renames moved folders in the working tree when its files are those of the migrated head. */
  private static void renameOnDisk(Engine core, ObjectId head, List<String[]> moves, java.util.Set<String> rewritten) {
    WorkingTree wt = core.workingTree();
    if (wt == null || !head.equals(wt.filesAt())) {
      return; // files are behind: the catch-up writes them one by one
    }
    for (String[] mv : moves) {
      Path from = wt.root().resolve(mv[0]);
      Path to = wt.root().resolve(mv[1]);
      if (Files.isDirectory(from) && !Files.exists(to)) {
        try {
          Files.move(from, to);
          for (String path : rewritten) { // the old content now sits where the new goes
            if (path.startsWith(mv[1] + "/")) {
              Files.deleteIfExists(dev.quire.layout.Layout.resolve(wt.root(), path));
            }
          }
        } catch (IOException e) {
          throw new dev.quire.StoreException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
      }
    }
  }
}
