package dev.quire.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  /** C git's strictest consistency check must pass. */
  public static void fsck(Path dir) {
    run(dir, "fsck", "--strict", "--no-progress");
  }
}
