package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void drawsOneLineOnATerminalAndErasesIt() {
    StringWriter text = new StringWriter();
    try (Progress p = new Progress(new PrintWriter(text), "reading export.json", 4L << 20, true)) {
      p.bytes(1L << 20);
      p.bytes(2L << 20); // within 100 ms of the last drawing: skipped
    }
    String out = text.toString();
    assertTrue(out.startsWith("\rreading export.json:  25% (1.0 MiB of 4.0 MiB)\033[K"), out);
    assertTrue(out.endsWith("\r\033[K"), "erased at the end: " + out);
    assertEquals(1, out.split("%", -1).length - 1, "drawn once: " + out);
  }

  @Test
  void staysSilentWhenNotOnATerminal() {
    StringWriter text = new StringWriter();
    try (Progress p = new Progress(new PrintWriter(text), "reading", 100, false)) {
      p.bytes(50);
    }
    assertEquals("", text.toString());
  }
}
