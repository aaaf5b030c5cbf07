package dev.quire.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The yardstick of {@code bench write}: C git making the same single-file save — write the
 * file, {@code git add}, {@code git commit} — in a repository of 10,000 entity files laid out
 * as Quire lays out conversations, measured on the same machine in the same run, so that the
 * write rate can be read as a ratio that does not depend on how fast the machine is.
 */
final class GitCliRate {
  private GitCliRate() {}

  static final int FILES = 10_000;

  /** Commits per second of {@code saves} C git saves in a repository of {@link #FILES} files under {@code dir}. */
  static double measure(Path dir, int saves) {
    try {
      Files.createDirectories(dir);
      Processes.check(dir, "git", "init", "-q", "-b", "main", ".");
      for (int i = 0; i < FILES; i++) {
        write(dir, i, "first");
      }
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", "10,000 files");
      long t0 = System.nanoTime();
      for (int i = 0; i < saves; i++) {
        String path = write(dir, FILES + i, "save " + i);
        git(dir, "add", path);
        git(dir, "commit", "-q", "-m", "save " + i);
      }
      return saves / ((System.nanoTime() - t0) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(Path dir, int n, String text) throws IOException {
    String id = String.format("c%020d", (long) n * 2654435761L % 100_000_000_000L);
    String path = "v2/conversations/" + id.substring(1, 3) + "/" + id.substring(3, 5) + "/" + id + ".yaml";
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "id: " + id + "\ntitle: " + text + "\nupdatedAt: 2026-01-01T00:00:00.000Z\n");
    return path;
  }

  private static void git(Path dir, String... args) {
    String[] cmd = new String[args.length + 5];
    cmd[0] = "git";
    cmd[1] = "-c";
    cmd[2] = "user.name=Quire bench";
    cmd[3] = "-c";
    cmd[4] = "user.email=bench@quire.invalid";
    System.arraycopy(args, 0, cmd, 5, args.length);
    Processes.check(dir, cmd);
  }
}
