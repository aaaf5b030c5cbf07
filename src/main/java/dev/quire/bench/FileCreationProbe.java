package dev.quire.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Measures how long creating a small file takes in a folder right now (median of 200). */
final class FileCreationProbe {
  private FileCreationProbe() {}

  static double micros(Path near) {
    try {
      Path dir = Files.createTempDirectory(near, "probe-");
      long[] t = new long[200];
      byte[] content = new byte[300];
      for (int i = 0; i < t.length; i++) {
        long t0 = System.nanoTime();
        Files.write(dir.resolve("f" + i), content);
        t[i] = System.nanoTime() - t0;
      }
      for (int i = 0; i < t.length; i++) {
        Files.delete(dir.resolve("f" + i));
      }
      Files.delete(dir);
      Arrays.sort(t);
      return t[t.length / 2] / 1e3;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
