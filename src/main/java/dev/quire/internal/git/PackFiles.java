package dev.quire.internal.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * The files of the pack folder ({@code objects/pack}) as Quire writes them: temporary files
 * named so that one a dead writer left behind is recognised ({@link PackInserter#TEMP_PREFIX})
 * or {@link Spares} made ahead of time, created read-only as C git's packs are, and renamed
 * into place when complete.
 */
final class PackFiles {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final String PROCESS = Long.toHexString(ProcessHandle.current().pid());
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final FileAttribute<?>[] READ_ONLY = POSIX
      ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--r--r--"))}
      : new FileAttribute<?>[0];

  private PackFiles() {}

  /** A temporary file being written, and the channel that writes it (it is read-only for any other opener). */
  record Temp(Path path, FileChannel channel) {}

  /** Creates a new temporary file in the pack folder (and the folder if need be), open for writing. */
  static Temp createTemp(Path packDir, String extension) throws IOException {
    Path tmp = packDir.resolve(PackInserter.TEMP_PREFIX + PROCESS + "_" + COUNTER.incrementAndGet() + extension);
    try {
      return new Temp(tmp, openNew(tmp));
    } catch (java.nio.file.NoSuchFileException e) {
      Files.createDirectories(packDir);
      return new Temp(tmp, openNew(tmp));
    }
  }

  /** A temporary file for a pack (or its index): a spare when one is ready, else a new file in the pack folder. */
  static Temp createTemp(Path packDir, String extension, Spares spares) throws IOException {
    Temp spare = spares == null ? null : spares.take();
    return spare != null ? spare : createTemp(packDir, extension);
  }

  /**
   * Renames a finished temporary file to {@code target} in the pack folder, atomically; a
   * spare on another file system than the objects is copied next to its target first.
   */
  private static void moveInto(Path tmp, Path target, Spares spares) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      if (spares != null) {
        spares.unusable();
      }
      Temp near = createTemp(target.getParent(), ".tmp");
      try (FileChannel c = near.channel(); FileChannel from = FileChannel.open(tmp, StandardOpenOption.READ)) {
        from.transferTo(0, from.size(), c);
      }
      Files.move(near.path(), target, StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates {@code tmp}, which must not exist, read-only for any other opener, and returns the channel that writes it. */
  static FileChannel openNew(Path tmp) throws IOException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return tmp.getFileSystem() == FileSystems.getDefault()
        ? FileChannel.open(tmp, options, READ_ONLY) : FileChannel.open(tmp, options);
  }

  /** The size of a pack's header. */
  static final int HEADER_SIZE = 12;

  /** A pack's header: signature, version 2, the number of objects. */
  static byte[] header(int objects) {
    int n = objects;
    return new byte[] {'P', 'A', 'C', 'K', 0, 0, 0, 2, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }

  /**
   * Makes a complete pack visible: writes its index to a temporary file, renames the pack
   * into place and then the index (a pack is seen by readers once its index is there), and
   * registers the pack with JGit. Returns the pack's path.
   */
  static Path publishPack(Repository repo, Path packDir, Path packTmp, List<PackIndexFile.Entry> entries, byte[] checksum,
      boolean fsync, Spares spares) throws IOException {
    String name = "pack-" + ObjectId.fromRaw(checksum).name();
    Path pack = packDir.resolve(name + ".pack");
    Path idx = packDir.resolve(name + ".idx");
    Temp idxTmp = createTemp(packDir, ".idx", spares);
    boolean moved = false;
    try {
      try (FileChannel c = idxTmp.channel()) {
        PackIndexFile.write(c, entries, checksum, fsync);
      }
      moveInto(packTmp, pack, spares);
      moveInto(idxTmp.path(), idx, spares);
      moved = true;
    } finally {
      if (!moved) {
        // only then: looking up a name just renamed away waits for the folder's lock (the spares' creator holds it)
        Files.deleteIfExists(idxTmp.path());
      }
    }
    if (repo.getObjectDatabase() instanceof ObjectDirectory od) {
      od.openPack(pack.toFile());
    }
    return pack;
  }
}
