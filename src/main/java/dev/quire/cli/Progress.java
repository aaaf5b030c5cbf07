package dev.quire.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress display for long operations, drawn on standard error only when it is a
 * terminal (never in pipes, files or tests), at most ten times a second, and erased at the end.
 */
final class Progress implements AutoCloseable {
  private final PrintWriter err;
  private final String what;
  private final long total;
  private final boolean on;
  private long lastDraw;
  private boolean drawn;

  Progress(PrintWriter err, String what, long total) {
    this(err, what, total, System.console() != null);
  }

  Progress(PrintWriter err, String what, long total, boolean on) {
    this.err = err;
    this.what = what;
    this.total = total;
    this.on = on;
  }

  /** Reports how many bytes (of {@code total}) are done. */
  void bytes(long done) {
    long now = System.nanoTime();
    if (!on || now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    drawn = true;
    String line = total > 0
        ? String.format(Locale.ROOT, "%s: %3d%% (%s of %s)", what, Math.min(100, done * 100 / total), mib(done), mib(total))
        : String.format(Locale.ROOT, "%s: %s", what, mib(done));
    err.print("\r" + line + "\033[K");
    err.flush();
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  @Override
  public void close() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
