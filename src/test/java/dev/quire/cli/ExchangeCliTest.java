package dev.quire.cli;

import static dev.quire.cli.Run.quire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeCliTest {
  @TempDir
  Path dir;


  private Path sample;

  @BeforeEach
  void init() {
    sample = dir.resolve("sample");
    assertEquals(0, quire("init", sample.toString(), "--from", Path.of("sample-repo").toAbsolutePath().toString()).code());
  }

  private static String withoutDate(String export) {
    return export.replaceFirst("\"exportedAt\": \"[^\"]*\"", "\"exportedAt\": \"…\"");
  }

  @Test
  void exportImportExportGivesTheSameJson() throws IOException {
    Path file = dir.resolve("out/export.json");
    Run e = quire("-C", sample.toString(), "export", "-o", file.toString());
    assertEquals(0, e.code(), e.err());
    assertEquals("", e.out());
    Path copy = dir.resolve("copy");
    assertEquals(0, quire("init", copy.toString()).code());
    Run i = quire("-C", copy.toString(), "import", file.toString());
    assertEquals(0, i.code(), i.err());
    assertTrue(i.out().startsWith("imported in commit "), i.out());
    assertTrue(i.out().contains("3 conversations, 10 interactions"), i.out());
    Run again = quire("-C", copy.toString(), "export");
    assertEquals(withoutDate(Files.readString(file)), withoutDate(again.out()));
    Run only = quire("-C", copy.toString(), "export", "--only", "rules-and-tags,mcp-servers");
    assertTrue(only.out().contains("\"rules\"") && only.out().contains("\"mcpServers\""));
    assertFalse(only.out().contains("\"conversations\""));
  }

  @Test
  void badExportsAreRefusedWithExitCode4AndNoCommit() throws IOException {
    String head = quire("-C", sample.toString(), "log", "-n", "1").out();
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"version\": 1, \"rules\": {\"id\": \"r\"}}");
    Run r = quire("-C", sample.toString(), "import", bad.toString());
    assertEquals(4, r.code());
    assertEquals("quire: error: " + bad + ":1: $.rules: expected a list, found an object\n", r.err());
    Files.writeString(bad, "{\"version\": 7}");
    r = quire("-C", sample.toString(), "import", bad.toString());
    assertEquals(4, r.code());
    assertEquals("quire: error: " + bad + ":1: $.version: this is a version 7 export; Quire reads LiteChat's full export"
        + " version 1\n", r.err());
    assertEquals(2, quire("-C", sample.toString(), "import", bad.toString(), "--only", "nonsense").code());
    assertEquals(head, quire("-C", sample.toString(), "log", "-n", "1").out());
    assertEquals(3, quire("-C", sample.toString(), "import", dir.resolve("missing.json").toString()).code());
  }

  @Test
  void conversationProjectAndRestoreVerbs() throws IOException {
    String s = sample.toString();
    String conv = "cV8bN9mQ0wE1rT2yU3iO4";
    Run md = quire("-C", s, "export-conversation", conv, "--md");
    assertEquals(0, md.code(), md.err());
    assertTrue(md.out().startsWith("# "), md.out());
    Path json = dir.resolve("conv.json");
    assertEquals(0, quire("-C", s, "export-conversation", conv, "-o", json.toString()).code());
    Run imported = quire("-C", s, "import-conversation", json.toString());
    assertEquals(0, imported.code(), imported.err());
    String newId = imported.out().strip();
    assertFalse(newId.equals(conv));
    assertEquals(0, quire("-C", s, "get", "conversations", newId).code());

    Path project = dir.resolve("project.json");
    assertEquals(0, quire("-C", s, "export-project", "pA4sD6fG8hJ1kL3zX5cV7", "-o", project.toString()).code());
    Path other = dir.resolve("other");
    assertEquals(0, quire("init", other.toString()).code());
    Run p = quire("-C", other.toString(), "import-project", project.toString());
    assertEquals(0, p.code(), p.err());
    assertTrue(p.out().matches("imported in commit [0-9a-f]{12}: \\d+ projects, \\d+ conversations, \\d+ interactions\\n"), p.out());

    String before = quire("-C", s, "log", "-n", "1").out().substring(0, 12);
    assertEquals(0, quire("-C", s, "delete", "conversations", conv).code());
    assertEquals(3, quire("-C", s, "get", "conversations", conv).code());
    Run restore = quire("-C", s, "restore", "conversations", conv, "--to", before);
    assertEquals(0, restore.code(), restore.err());
    assertTrue(restore.out().startsWith("restored in commit "), restore.out());
    assertEquals(0, quire("-C", s, "get", "conversations", conv).code());
    assertEquals(6, quire("-C", s, "list", "interactions", "--where", "conversationId=" + conv).out().lines().count());
    assertEquals(3, quire("-C", s, "restore", "--to", "no-such-revision").code());
    assertTrue(quire("-C", s, "status").out().contains("working tree clean"));
  }
}
