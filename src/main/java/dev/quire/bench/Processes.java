package dev.quire.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a program (C git, mostly) for a benchmark, bounded in time. */
final class Processes {
  private Processes() {}

  /** What a program printed (standard output and error together) and its exit code. */
  record Output(int code, String text) {}

  static Output run(Path dir, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " timed out");
      }
      return new Output(p.exitValue(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs the program and fails unless it exits with 0. */
  static String check(Path dir, String... cmd) {
    Output out = run(dir, cmd);
    if (out.code() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.text());
    }
    return out.text();
  }
}
