package dev.quire.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCliTest {
  @TempDir
  Path dir;

  private Path store;

  private record Run(int code, String out, String err) {}

  private Run quire(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-C";
    all[1] = store.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), all);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeEach
  void init() {
    store = dir.resolve("store");
    StringWriter out = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
        "init", store.toString(), "--from", Path.of("sample-repo").toAbsolutePath().toString());
    assertEquals(0, code);
    assertTrue(out.toString().contains("imported 42 entities"), out.toString());
  }

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private String head() {
    return quire("log", "-n", "1").out();
  }

  @Test
  void putGetListDeleteAndLog() throws IOException {
    Run r = quire("put", "rules", file("r.yaml", "id: rNew\nname: Short answers\ntype: system\ncontent: Be brief.\n").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("rNew\n", r.out());
    assertEquals("id: rNew\nname: Short answers\ntype: system\ncontent: Be brief.\n", quire("get", "rules", "rNew").out());
    assertEquals("{\n  \"id\": \"rNew\",\n  \"name\": \"Short answers\",\n  \"type\": \"system\",\n  \"content\": \"Be brief.\"\n}\n",
        quire("get", "rules", "rNew", "--json").out());
    r = quire("list", "rules", "--where", "type=system");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("rNew  \"Short answers\""), r.out());
    assertTrue(r.out().contains("\"Java style\""), r.out());
    assertTrue(!r.out().contains("Plain English"), "a before-rule is filtered out");
    assertEquals(2, quire("list", "conversations", "--limit", "2").out().lines().count());
    assertTrue(quire("list", "conversations", "--json").out().startsWith("[\n  {\n    \"id\": \"cX9zY8xW7vU6tS5rQ4pO3\""),
        "newest first: the conversation updated last");
    assertTrue(quire("log", "-n", "1").out().contains("save rule rNew: \"Short answers\""));
    r = quire("put", "rules", file("r2.json", "{\"id\": \"rNew\", \"name\": \"Shorter answers\", \"content\": \"Be briefer.\"}").toString());
    assertEquals(0, r.code());
    assertEquals(2, quire("log", "rules", "rNew").out().lines().count());
    assertTrue(quire("get", "rules", "rNew", "--at", "HEAD~1").out().contains("name: Short answers"));
    r = quire("delete", "rules", "rNew");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("deleted rules rNew in "), r.out());
    assertEquals(3, quire("get", "rules", "rNew").code());
    assertEquals(3, quire("delete", "rules", "rNew").code());
    assertEquals(3, quire("get", "rules", "rNew", "--at", "no-such-revision").code());
  }

  @Test
  void badInputIsOneLineWithACodeAndNoCommit() throws IOException {
    String before = head();
    Run r = quire("put", "rules", file("bad.yaml", "id: r9\nname: [broken\n").toString());
    assertEquals(4, r.code());
    assertEquals("quire: error: " + dir.resolve("bad.yaml") + ":3:1: invalid YAML: while parsing a flow sequence:"
        + " expected ',' or ']', but got <stream end>\n", r.err().replace(dir.resolve("bad.yaml").toString(), dir.resolve("bad.yaml").toString()));
    r = quire("put", "workflows", file("w.yaml", "id: w9\nname: W\nsteps:\n  - id: s1\n    type: 3\n").toString());
    assertEquals(4, r.code());
    assertTrue(r.err().endsWith(":5: $.steps[0].type: expected a string, found a number (3)\n"), r.err());
    r = quire("put", "rules", file("long.yaml", "id: " + "x".repeat(300) + "\nname: long\n").toString());
    assertEquals(4, r.code());
    assertEquals("quire: error: " + dir.resolve("long.yaml") + ": rules \"" + "x".repeat(300) + "\": $.id: the id is too long for a file name (300 bytes"
        + " once encoded, at most 200)\n", r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    r = quire("put", "rules", file("dup.yaml", "id: r10\nname: Java style\n").toString());
    assertEquals(5, r.code());
    assertEquals("quire: error: rules \"r10\": name \"Java style\" is already used by \"rK2jH4gF6dS8aQ1wE3rT5\"; name"
        + " must be unique among rules\n", r.err());
    assertEquals(2, quire("put", "nonsense", "x").code());
    assertEquals(3, quire("put", "rules", dir.resolve("missing.yaml").toString()).code());
    assertEquals(before, head(), "no commit was made");
    assertEquals("", dev.quire.testing.Git.run(store, "status", "--porcelain"));
  }

  @Test
  void handEditsAreShownByStatusAndCommittedByCommit() throws IOException {
    Path rule = store.resolve("v2/rules/rK2jH4gF6dS8aQ1wE3rT5.yaml");
    Files.writeString(rule, Files.readString(rule).replace("name: Java style", "name: Java house style"));
    Run r = quire("status");
    assertTrue(r.out().contains("1 file(s) changed by hand"), r.out());
    assertTrue(r.out().contains("v2/rules/rK2jH4gF6dS8aQ1wE3rT5.yaml"), r.out());
    r = quire("commit");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("commit hand edits (1 file)"), r.out());
    assertTrue(quire("status").out().contains("working tree clean"));
    assertTrue(quire("get", "rules", "rK2jH4gF6dS8aQ1wE3rT5").out().contains("name: Java house style"));
    Files.writeString(rule, "id: rK2jH4gF6dS8aQ1wE3rT5\nname: [\n");
    r = quire("commit");
    assertEquals(4, r.code());
    assertTrue(r.err().startsWith("quire: error: v2/rules/rK2jH4gF6dS8aQ1wE3rT5.yaml:3:1: invalid YAML"), r.err());
  }

  @Test
  void projectFilesThroughTheCommandLine() throws IOException {
    byte[] binary = new byte[5000];
    new Random(5).nextBytes(binary);
    Path local = dir.resolve("logo.bin");
    Files.write(local, binary);
    Run r = quire("files", "put", "pJ8kq2Wb4nRt6YxZa1Lm0", "assets/logo.bin", local.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("assets/\n", quire("files", "ls", "pJ8kq2Wb4nRt6YxZa1Lm0").out());
    assertEquals("logo.bin\n", quire("files", "ls", "pJ8kq2Wb4nRt6YxZa1Lm0", "assets").out());
    assertArrayEquals(binary, Files.readAllBytes(store.resolve("files/pJ8kq2Wb4nRt6YxZa1Lm0/assets/logo.bin")));
    assertEquals(4, quire("files", "put", "pJ8kq2Wb4nRt6YxZa1Lm0", "../escape", local.toString()).code());
    assertEquals(0, quire("files", "rm", "pJ8kq2Wb4nRt6YxZa1Lm0", "assets").code());
    assertEquals(3, quire("files", "rm", "pJ8kq2Wb4nRt6YxZa1Lm0", "assets").code());
  }

  @Test
  void aRemoteThatCannotBeReachedIsOneLineAndExitCode6() {
    String missing = dir.resolve("missing.git").toUri().toString();
    assertEquals(0, quire("remote", "add", "origin", missing).code());
    Run r = quire("sync");
    assertEquals(6, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals("quire: error: cannot fetch from origin (" + missing + "): there is no Git repository there;"
        + " check the URL (quire remote list); nothing was changed\n", r.err());
  }
}
