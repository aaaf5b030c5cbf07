package dev.quire.cli;

import static dev.quire.cli.Run.quire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir
  Path dir;


  @Test
  void anIdThatBeginsWithADashIsAnIdNotAnOption() throws IOException {
    String s = dir.resolve("s").toString();
    assertEquals(0, quire("init", s).code());
    Path rule = dir.resolve("rule.yaml");
    Files.writeString(rule, "id: -x2Dash\nname: Dash\ntype: system\ncontent: c\n");
    assertEquals(0, quire("-C", s, "put", "rules", rule.toString()).code());
    Run get = quire("-C", s, "get", "rules", "-x2Dash");
    assertEquals(0, get.code(), get.err());
    assertTrue(get.out().contains("name: Dash"), get.out());
    assertEquals(2, quire("-C", s, "list", "rules", "--limt", "5").code(), "a mistyped option is still an error");
  }

  @Test
  void checkOnTheSampleRepoPasses() {
    Run r = quire("check", "sample-repo");
    assertEquals(0, r.code(), r.err());
    assertEquals("checked 42 entity files: all valid and canonical\n", r.out());
  }

  @Test
  void checkReportsEachProblemOnOneLineAndExitsWith4() throws IOException {
    write("v1/rules/r1.yaml", "id: r1\nname: x\n");
    write("v1/rules/r2.yaml", "id: r2\nname: [broken\n");
    write("v1/workflows/w1.yaml", "id: w1\nname: W\nsteps:\n  - id: s1\n    type: 7\n");
    Run r = quire("-C", dir.toString(), "check");
    assertEquals(4, r.code());
    assertEquals("v1/rules/r2.yaml:3:1: invalid YAML: while parsing a flow sequence: expected ',' or ']',"
        + " but got <stream end>\n"
        + "v1/workflows/w1.yaml:5: $.steps[0].type: expected a string, found a number (7)\n"
        + "checked 3 entity files: 2 problems\n", r.out());
  }

  @Test
  void checkOfOneFileNamesItRelativeToTheCurrentFolder() throws IOException {
    write("v1/tags/t1.yaml", "id: t1\nname: [\n");
    Run r = quire("-C", dir.toString(), "check", "v1/tags/t1.yaml");
    assertEquals(4, r.code());
    assertTrue(r.out().startsWith("v1/tags/t1.yaml:3:1: invalid YAML"), r.out());
  }

  @Test
  void fmtRewritesIntoCanonicalFormAndConvertsFormats() throws IOException {
    write("v1/rules/r1.json", "{\"content\":\"Be brief.\",\"name\":\"Brief\",\"id\":\"r1\"}");
    assertEquals(4, quire("-C", dir.toString(), "check").code());
    Run r = quire("-C", dir.toString(), "fmt");
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("{\n  \"id\": \"r1\",\n  \"name\": \"Brief\",\n  \"content\": \"Be brief.\"\n}\n",
        Files.readString(dir.resolve("v1/rules/r1.json")));
    assertEquals(0, quire("-C", dir.toString(), "check").code());
    r = quire("-C", dir.toString(), "fmt", "--to", "yaml");
    assertEquals("formatted v1/rules/r1.yaml\n1 file rewritten\n", r.out());
    assertFalse(Files.exists(dir.resolve("v1/rules/r1.json")));
    assertEquals("id: r1\nname: Brief\ncontent: Be brief.\n", Files.readString(dir.resolve("v1/rules/r1.yaml")));
  }

  @Test
  void fmtLeavesBrokenFilesUntouched() throws IOException {
    write("v1/rules/r1.yaml", "id: r1\nname: [\n");
    Run r = quire("-C", dir.toString(), "fmt");
    assertEquals(4, r.code());
    assertEquals("id: r1\nname: [\n", Files.readString(dir.resolve("v1/rules/r1.yaml")));
  }

  @Test
  void pathShowsWhereHostileIdsGo() {
    Run r = quire("path", "rules", "../../etc/passwd");
    assertEquals(0, r.code());
    assertEquals("v1/rules/%2E.%2F..%2Fetc%2Fpasswd.yaml\n", r.out());
    r = quire("path", "interactions", "i1", "--conversation", "V1StGXR8_Z5jdHi6B-myT", "--json");
    assertEquals("v1/interactions/v/1/V1StGXR8_Z5jdHi6B-myT/i1.json\n", r.out());
  }

  @Test
  void usageErrorsAreOneLineWithExitCode2() {
    Run r = quire("path", "chats", "x");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("quire: error: Invalid value for positional parameter at index 0 (TYPE):"
        + " unknown type \"chats\"; the types are conversations, interactions,"), r.err());
    assertEquals("", r.out());
    assertEquals(2, quire("frobnicate").code());
  }

  @Test
  void aFolderThatIsNotAStoreIsAOneLineError() {
    Run r = quire("-C", dir.toString(), "check");
    assertEquals(1, r.code());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("quire: error: "), r.err());
    assertEquals("quire: error: " + dir + ": not inside a Quire store (no folder with a v1/ version folder)\n", r.err());
  }

  @Test
  void typesListsTheRegistry() {
    Run r = quire("types");
    assertEquals(0, r.code());
    assertEquals(16, r.out().lines().filter(l -> !l.startsWith(" ")).count());
    assertTrue(r.out().contains("secrets  value"), r.out());
  }

  @Test
  void cloneTakesALocalPathRelativeToTheFolderItRunsIn() {
    dev.quire.store.Store.init(dir.resolve("sa")).close();
    Run r = quire("-C", dir.toString(), "clone", "sa", "sb");
    assertEquals(0, r.code(), r.err());
    assertEquals("cloned sa into " + dir.resolve("sb") + "\n", r.out());
    assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("sb/quire.yaml")));
  }

  @Test
  void secretsAreListedSharedAndTheirKeyMovesBetweenDevices() throws Exception {
    Path a = dir.resolve("a");
    assertEquals(0, quire("init", a.toString(), "--from", Path.of("sample-repo").toAbsolutePath().toString()).code());
    Run status = quire("-C", a.toString(), "status");
    assertTrue(status.out().contains("2 secret value(s) missing on this device (they read as null):\n  secret:api-keys/"),
        status.out());
    java.nio.file.Path key = dir.resolve("key.yaml");
    java.nio.file.Files.writeString(key, "id: kNew\nname: Mine\nproviderId: openai\nvalue: sk-cli-secret-777777\n");
    assertEquals(0, quire("-C", a.toString(), "put", "api-keys", key.toString()).code());
    Run share = quire("-C", a.toString(), "secrets", "share");
    assertEquals(0, share.code(), share.err());
    assertTrue(share.out().startsWith("sealed 1 secret value(s) with key "), share.out());
    Path exported = dir.resolve("quire.key");
    assertEquals(0, quire("-C", a.toString(), "secrets", "key", "export", "--file", exported.toString()).code());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        java.nio.file.Files.getPosixFilePermissions(exported)));

    assertEquals(0, quire("-C", dir.toString(), "clone", "a", "b").code());
    Path b = dir.resolve("b");
    Run get = quire("-C", b.toString(), "get", "api-keys", "kNew", "--json");
    assertTrue(get.out().contains("\"value\": null"), get.out());
    Run bad = quire("-C", b.toString(), "secrets", "key", "import", key.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("quire: error: not a Quire secrets key"), bad.err());
    Run imported = quire("-C", b.toString(), "secrets", "key", "import", exported.toString());
    assertEquals(0, imported.code(), imported.err());
    assertTrue(imported.out().startsWith("imported the secrets key "), imported.out());
    assertTrue(quire("-C", b.toString(), "get", "api-keys", "kNew", "--json").out().contains("sk-cli-secret-777777"));
    Run list = quire("-C", b.toString(), "secrets");
    assertTrue(list.out().startsWith("secrets are shared (shared-secrets/), this device's key: "), list.out());
  }

  @Test
  void helpPrintsNoPicocliWarning() {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    Run top;
    Run verb;
    try {
      top = quire();
      verb = quire("help", "merge-driver");
    } finally {
      System.setErr(saved);
    }
    assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(top.out().startsWith("Usage: quire"), top.out());
    String help = verb.out().replaceAll("\\s+", " ");
    assertTrue(help.contains("merge entity file %A with %B against %O, field by field (path %P)"), help);
  }

  @Test
  void aFileThatIsNotUtf8IsReportedWithoutJavaNames() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    java.nio.file.Files.write(bad, new byte[] {'i', 'd', ':', ' ', 'r', '1', '\n', 'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, '\n'});
    dev.quire.store.Store.init(dir.resolve("s")).close();
    Run r = quire("-C", dir.resolve("s").toString(), "put", "rules", bad.toString());
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().startsWith("quire: error: " + bad + ":"), r.err());
    assertTrue(r.err().endsWith(":2:7: invalid UTF-8 (byte 0xFF); save the file as UTF-8\n"), r.err());
    assertTrue(!r.err().contains("java."), r.err());
  }

  private void write(String rel, String text) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
