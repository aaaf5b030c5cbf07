package dev.quire.internal.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Files made ahead of time for the packs commits write. On the development VMs creating a
 * file costs 30 µs to 1 ms of processor time in the kernel (allocating its inode), and every
 * commit writes two (its pack and the pack's index): a background thread creates them here,
 * empty and open, in {@code .git/quire/spares/}, and a commit takes one, writes it and renames
 * it into {@code objects/pack} (renaming within a file system costs a few microseconds). When
 * none is ready, the commit creates its file itself. Spares are never seen by readers (they
 * are outside the object folders, so C git does not report them as garbage); each process
 * uses only its own, named after its pid, and removes (at its first refill) those of processes
 * that are gone.
 */
public final class Spares implements AutoCloseable {
  /** How many files are kept ready: a few commits' worth, for bursts. */
  static final int TARGET = 16;
  private static final String PREFIX = "spare-";
  private static final String PROCESS = Long.toString(ProcessHandle.current().pid());

  private final Path dir;
  private final LinkedBlockingQueue<PackFiles.Temp> ready = new LinkedBlockingQueue<>();
  private volatile boolean closed;
  private volatile boolean usable = true;
  private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();

  private boolean orphansRemoved;

  /** Nothing is read or written here: the first {@link #refill}, on the background thread, looks at the folder. */
  public Spares(Path privateDir) {
    this.dir = privateDir.resolve("spares");
  }

  /** A ready file, or null when none is (the caller then creates its own). */
  PackFiles.Temp take() {
    return usable ? ready.poll() : null;
  }

  /** The spare could not be renamed into the object folder (another file system): no more spares. */
  void unusable() {
    usable = false;
  }

  /** Creates files until {@link #TARGET} are ready; run on a background thread. */
  public void refill() throws IOException {
    if (!usable) {
      return;
    }
    if (!orphansRemoved) {
      removeOrphans();
      orphansRemoved = true;
    }
    Files.createDirectories(dir);
    while (!closed && ready.size() < TARGET) {
      Path p = dir.resolve(PREFIX + PROCESS + "-" + COUNTER.incrementAndGet());
      FileChannel c = PackFiles.openNew(p);
      ready.add(new PackFiles.Temp(p, c));
    }
  }

  /** Closes and removes the files not taken. */
  @Override
  public void close() {
    closed = true;
    for (PackFiles.Temp t; (t = ready.poll()) != null; ) {
      try {
        t.channel().close();
        Files.deleteIfExists(t.path());
      } catch (IOException e) {
        // an empty file in the private folder: the next open of the store removes it
      }
    }
  }

  /** Removes the spares of processes that are no longer running. */
  private void removeOrphans() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
      for (Path f : files) {
        String[] parts = f.getFileName().toString().split("-");
        boolean alive = false;
        try {
          alive = parts.length >= 3 && ProcessHandle.of(Long.parseLong(parts[1])).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
          // not one of ours
        }
        if (!alive) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      // a cache of empty files: nothing depends on removing them now
    }
  }
}
