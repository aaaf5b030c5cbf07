package dev.quire.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs C git in a test, bounded in time, and returns its output. */
public final class Git {
  private Git() {}

  public static String run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.add("-c");
    cmd.add("user.name=Test");
    cmd.add("-c");
    cmd.add("user.email=test@example.org");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("git " + String.join(" ", args) + " timed out");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), () -> "git " + String.join(" ", args) + " failed:\n" + text);
      return text;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * C git's strictest consistency check must pass. A store merges its packs on a background
   * thread, and an fsck that lists the packs just before a merge replaces them reports the
   * replaced ones as missing (C git's own {@code git gc} does the same to a concurrent fsck);
   * so the check holds the store's pack-merge lock, which a merge takes, while it runs.
   */
  public static void fsck(Path dir) {
    Path gitDir = Files.isDirectory(dir.resolve(".git")) ? dir.resolve(".git") : dir;
    Path lockFile = gitDir.resolve("quire").resolve("pack-merge-lock");
    if (!Files.isDirectory(lockFile.getParent())) {
      run(dir, "fsck", "--strict", "--no-progress");
      return;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        try (FileLock lock = channel.tryLock()) {
          if (lock != null) {
            run(dir, "fsck", "--strict", "--no-progress");
            return;
          }
        } catch (OverlappingFileLockException e) {
          // this JVM's merge thread holds it: wait for the merge to end
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("a pack merge in " + gitDir + " did not end within 60 s");
        }
        Thread.sleep(10);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
