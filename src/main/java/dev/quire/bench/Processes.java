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

  /**
   * The command that starts {@code mainClass} of this program's class path in a new JVM (the
   * class path made absolute, so the new process may run in another folder).
   */
  static java.util.List<String> java(String mainClass, String... jvmOptions) {
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(java.util.List.of(jvmOptions));
    cmd.add("-cp");
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (cp.length() > 0) {
        cp.append(java.io.File.pathSeparator);
      }
      cp.append(Path.of(entry).toAbsolutePath());
    }
    cmd.add(cp.toString());
    cmd.add(mainClass);
    return cmd;
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
