package dev.quire.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the {@code quire} command line in a test: exit code and what it printed. */
public record Run(int code, String out, String err) {
  /** Runs {@code quire args…} in this JVM. */
  public static Run quire(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }
}
