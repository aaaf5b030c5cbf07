package dev.quire.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a folder, to fill up or make read-only (mounting needs root; where
 * the machine forbids it {@link #mount} gives nothing and the caller says so). Unmounted on close.
 */
public final class Tmpfs implements AutoCloseable {
  private final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code kib} KiB on {@code dir}, or nothing when this machine does not allow it. */
  public static Optional<Tmpfs> mount(Path dir, int kib) throws IOException {
    Files.createDirectories(dir);
    return run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString()) == 0
        ? Optional.of(new Tmpfs(dir)) : Optional.empty();
  }

  public Path dir() {
    return dir;
  }

  /** Makes the file system read-only (or writable again). */
  public void readOnly(boolean readOnly) {
    int code = run("mount", "-o", "remount," + (readOnly ? "ro" : "rw"), dir.toString());
    if (code != 0) {
      throw new AssertionError("cannot remount " + dir + (readOnly ? " read-only" : " writable"));
    }
  }

  /** Fills the file system with a file of zeros until only {@code kib} KiB are left; returns the file. */
  public Path fillLeaving(int kib) throws IOException {
    Path filler = dir.resolve("filler");
    Files.deleteIfExists(filler);
    long free = Files.getFileStore(dir).getUsableSpace();
    long size = free - kib * 1024L;
    try (var out = Files.newOutputStream(filler)) {
      byte[] block = new byte[4096];
      for (long written = 0; written + block.length <= size; written += block.length) {
        out.write(block);
      }
    }
    return filler;
  }

  @Override
  public void close() {
    run("umount", "-l", dir.toString());
  }

  private static int run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
