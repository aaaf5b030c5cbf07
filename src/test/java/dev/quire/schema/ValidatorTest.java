package dev.quire.schema;

import static dev.quire.cli.Run.quire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.cli.Run;
import dev.quire.layout.Problem;
import dev.quire.layout.StoreFolder;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTest {
  @TempDir
  Path dir;

  private static SortedMap<String, byte[]> files(Path root) {
    StoreFolder folder = StoreFolder.open(root);
    SortedMap<String, byte[]> out = new TreeMap<>();
    folder.allFiles().forEach(p -> out.put(p, folder.bytes(p)));
    return out;
  }

  private static void edit(Path file, String regex, String replacement) throws IOException {
    Files.writeString(file, Files.readString(file).replaceFirst(regex, replacement));
  }

  @Test
  void theCheckedInSchemasAreTheModelsAndPackaged() throws IOException {
    for (EntityType t : EntityTypes.versioned()) {
      for (int v = 1; v <= SchemaSet.NEWEST; v++) {
        String generated = SchemaGenerator.generate(t, v);
        assertEquals(generated, Files.readString(Path.of("schema/v" + v + "/" + t.folder() + ".schema.json")),
            "schema/v" + v + "/" + t.folder() + ".schema.json is stale: run bin/quire schema --write schema");
        assertEquals(generated, SchemaSet.text(t, v), "the jar holds the same schema");
      }
    }
  }

  @Test
  void sampleRepoIsValid() {
    assertEquals(List.of(), new Validator(2).validate(files(Path.of("sample-repo")), null));
  }

  @Test
  void everyKindOfProblemIsReportedWithPathLineAndMessage() throws IOException {
    Path s = dir.resolve("s");
    PathUtils.copyDirectory(Path.of("sample-repo"), s);
    Path v1 = s.resolve("v2");
    edit(v1.resolve("conversations/c/v/cV8bN9mQ0wE1rT2yU3iO4.yaml"), "(?m)^title: .*$", "title: 42");
    edit(v1.resolve("tag-rule-links/lA1sD2fG3hJ4kL5zX6cV7.yaml"), "(?m)^ruleId: .*$", "ruleId: rMissing");
    edit(v1.resolve("api-keys/kY6tR5eW4qA3sD2fG1hJ0.yaml"), "(?m)^value: .*$", "value: sk-live-abc");
    edit(v1.resolve("rules/rP9oI8uY7tR6eW5qA4sD3.yaml"), "(?m)^name: .*$", "name: Java style");
    edit(v1.resolve("tags/tG7hV3nQ9xL2kP5mR8wYc.yaml"), "(?m)^createdAt: .*$", "createdAt: yesterday");
    edit(v1.resolve("tags/tM3nB5vC7xZ9aS2dF4gH6.yaml"), "(?m)^id: .*$", "id: someoneElse");
    Files.delete(v1.resolve("conversations/c/x/cX9zY8xW7vU6tS5rQ4pO3.yaml"));
    Files.writeString(v1.resolve("mods/broken.yaml"), "id: broken\nname: [unclosed\n");
    Files.writeString(v1.resolve("rules/misplaced"), "id: x\n");
    try (var attachments = Files.list(v1.resolve("interactions/c/w/cW1eR2tY3uI4oP5aS6dF7/attachments"))) {
      Files.delete(attachments.findFirst().orElseThrow());
    }

    List<String> problems = new Validator(2).validate(files(s), null).stream().map(Problem::toString).toList();
    assertEquals(List.of(
        "v2/api-keys/kY6tR5eW4qA3sD2fG1hJ0.yaml:4: $.value: a secret in plaintext; it must never be committed: save the"
            + " entity through Quire (which keeps the value in the local secret store and writes a secret: reference),"
            + " and remove the value from the history",
        "v2/conversations/c/v/cV8bN9mQ0wE1rT2yU3iO4.yaml:2: $.title: integer found, string expected",
        "v2/interactions/c/w/cW1eR2tY3uI4oP5aS6dF7/jB2dD3fF4gG5hH6jJ7kK8.yaml:31: contentSha256: the attachment's file"
            + " v2/interactions/c/w/cW1eR2tY3uI4oP5aS6dF7/attachments/c414cd0e204de974f73753c7e28d7638e7b3691bb8b1a2bab6b25bb7fed7ce77.bin"
            + " is missing; restore it or remove the attachment",
        "v2/interactions/c/x/cX9zY8xW7vU6tS5rQ4pO3/kA1zZ2xX3cC4vV5bB6nN7.yaml:2: $.conversationId: no conversations"
            + " with id \"cX9zY8xW7vU6tS5rQ4pO3\": the reference points nowhere; create it, or correct or clear conversationId",
        "v2/interactions/c/x/cX9zY8xW7vU6tS5rQ4pO3/kB2xX3cC4vV5bB6nN7mM8.yaml:2: $.conversationId: no conversations"
            + " with id \"cX9zY8xW7vU6tS5rQ4pO3\": the reference points nowhere; create it, or correct or clear conversationId",
        "v2/mods/broken.yaml:3:1: invalid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>",
        "v2/rules/misplaced: not where a rules file can be; expected v2/rules/<id>.yaml (or .json)",
        "v2/rules/rP9oI8uY7tR6eW5qA4sD3.yaml:2: $.name: name \"Java style\" is already taken by"
            + " v2/rules/rK2jH4gF6dS8aQ1wE3rT5.yaml; it must be unique among rules",
        "v2/tag-rule-links/lA1sD2fG3hJ4kL5zX6cV7.yaml:3: $.ruleId: no rules with id \"rMissing\": the reference points"
            + " nowhere; create it, or correct or clear ruleId",
        "v2/tags/tG7hV3nQ9xL2kP5mR8wYc.yaml:4: $.createdAt: not a date; dates are ISO-8601 with a zone, such as"
            + " 2025-03-01T12:34:56.789Z",
        "v2/tags/tM3nB5vC7xZ9aS2dF4gH6.yaml:1: $.id: \"someoneElse\" does not match the file's place"
            + " (v2/tags/tM3nB5vC7xZ9aS2dF4gH6.yaml holds id \"tM3nB5vC7xZ9aS2dF4gH6\"); move the file or correct the id"),
        problems);
    // reporting only the changed files still checks them against all the others
    assertEquals(1, new Validator(2).validate(files(s), Set.of("v2/tag-rule-links/lA1sD2fG3hJ4kL5zX6cV7.yaml")).size());
  }


  @Test
  void aRevisionGivenAsChangesIsCheckedAgainOnlyWhereItsFilesChangedAndGivesTheSameProblems() throws IOException {
    Path s = dir.resolve("s");
    PathUtils.copyDirectory(Path.of("sample-repo"), s);
    Validator v = new Validator(2);
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    SortedMap<String, byte[]> first = files(s);
    CheckedRevision one = v.validate(null, changes(new TreeMap<>(), first), counted(first, reads));
    assertEquals(List.of(), one.problems());
    assertEquals(first.size(), reads.get(), "the first revision: every file");

    edit(s.resolve("v2/rules/rP9oI8uY7tR6eW5qA4sD3.yaml"), "(?m)^name: .*$", "name: Java style");
    edit(s.resolve("v2/tag-rule-links/lA1sD2fG3hJ4kL5zX6cV7.yaml"), "(?m)^ruleId: .*$", "ruleId: rMissing");
    Files.delete(s.resolve("v2/tags/tM3nB5vC7xZ9aS2dF4gH6.yaml"));
    SortedMap<String, byte[]> second = files(s);
    reads.set(0);
    CheckedRevision two = v.validate(one, changes(first, second), counted(second, reads));
    assertEquals(new Validator(2).validate(second, null), two.problems(), "the same problems as checking every file");
    assertEquals(3, two.problems().size(), "a name taken, a rule and a tag (the one removed) missing: " + two.problems());
    assertEquals(2 + 3, reads.get(), "two files changed, one removed: the two checked, then three read for their problems' lines");
    reads.set(0);
    assertEquals(two.problems(), v.validate(two, java.util.Map.of(), counted(second, reads)).problems());
    assertEquals(0, reads.get(), "nothing changed: nothing read (the problems' lines are kept too)");
    assertEquals(List.of(), one.problems(), "a revision checked before stays as it was");

    try (var attachments = Files.list(s.resolve("v2/interactions/c/w/cW1eR2tY3uI4oP5aS6dF7/attachments"))) {
      Files.delete(attachments.findFirst().orElseThrow());
    }
    SortedMap<String, byte[]> third = files(s);
    CheckedRevision three = v.validate(two, changes(second, third), counted(third, reads));
    assertEquals(new Validator(2).validate(third, null), three.problems(), "an attachment removed alone: its interaction is checked again");
    assertEquals(4, three.problems().size(), three.problems().toString());
  }

  /** What changed from one set of files to another, as content ids (null: removed). */
  private static java.util.Map<String, String> changes(SortedMap<String, byte[]> from, SortedMap<String, byte[]> to) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    to.forEach((path, bytes) -> {
      if (!from.containsKey(path) || !java.util.Arrays.equals(from.get(path), bytes)) {
        out.put(path, Integer.toHexString(java.util.Arrays.hashCode(bytes)) + ":" + bytes.length);
      }
    });
    from.keySet().stream().filter(p -> !to.containsKey(p)).forEach(p -> out.put(p, null));
    return out;
  }

  private static java.util.function.Function<String, byte[]> counted(SortedMap<String, byte[]> files,
      java.util.concurrent.atomic.AtomicInteger reads) {
    return path -> {
      reads.incrementAndGet();
      return files.get(path);
    };
  }

  @Test
  void commandLineChecksTheWorkingTreeOrARevision() throws IOException {
    Path store = dir.resolve("store");
    assertEquals(0, quire("init", store.toString(), "--from", Path.of("sample-repo").toAbsolutePath().toString()).code());
    // quire init gave the repository what a YAML editor needs to check files as they are typed
    String settings = Files.readString(store.resolve(".vscode/settings.json"));
    assertTrue(settings.contains("\"yaml.schemas\": {\n    \".quire/schema/v2/conversations.schema.json\": [\n"
        + "      \"v2/conversations/**/*.yaml\"\n    ]"), settings);
    assertEquals(SchemaSet.text(EntityTypes.RULES, 2), Files.readString(store.resolve(".quire/schema/v2/rules.schema.json")));
    Run ok = quire("-C", store.toString(), "validate");
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.err().startsWith("validated 43 files: no problems"), ok.err());

    // a pull request's commit made with plain git: validate the revision, as CI would
    Path rule = store.resolve("v2/rules/rK2jH4gF6dS8aQ1wE3rT5.yaml");
    edit(rule, "(?m)^type: .*$", "type: [not, a, string]");
    Git.run(store, "commit", "-q", "-am", "break a rule");
    Run rev = quire("-C", store.toString(), "validate", "--rev", "HEAD", "--json");
    assertEquals(4, rev.code());
    assertEquals("[\n  {\n    \"path\": \"v2/rules/rK2jH4gF6dS8aQ1wE3rT5.yaml\",\n    \"line\": 3,\n    \"column\": 0,\n"
        + "    \"severity\": \"error\",\n    \"message\": \"$.type: array found, [string, null] expected\"\n  }\n]\n", rev.out());
    assertEquals(0, quire("-C", store.toString(), "validate", "--rev", "HEAD~1").code());
    Run only = quire("-C", store.toString(), "validate", "v2/rules/rP9oI8uY7tR6eW5qA4sD3.yaml");
    assertEquals(0, only.code(), "problems of other files are not reported: " + only.out());
    assertEquals(3, quire("-C", store.toString(), "validate", "--rev", "nope").code());
  }
}
