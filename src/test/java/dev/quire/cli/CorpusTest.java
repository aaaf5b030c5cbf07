package dev.quire.cli;

import static dev.quire.cli.Run.quire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.layout.Layout;
import dev.quire.model.Dates;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.Field;
import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input corpus ({@code src/test/resources/corpus}, made by its {@code generate.py}) through
 * every entry point that takes files: {@code put}, {@code init --from} (the folder import), a
 * hand edit and {@code commit}, {@code merge-driver} and {@code validate}. Hostile files are
 * refused by each with one line naming the file, a documented exit code, no stack trace and no
 * commit, and the store stays usable; odd-but-valid files are accepted and keep their data.
 */
@Timeout(300)
class CorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/corpus");
  static final Layout LAYOUT = Layout.forVersion(2);

  @TempDir
  Path dir;

  /** One file of the corpus: its type, the id its name gives, and its place in a store. */
  record Case(Path file, EntityType type, String id, Format format) {
    String name() {
      return type.folder() + "/" + file.getFileName();
    }

    String storePath() {
      return LAYOUT.pathOf(type, id, null, format).path();
    }
  }

  static List<Case> cases(String kind) throws IOException {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(CORPUS.resolve(kind))) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        EntityType type = EntityTypes.find(f.getParent().getFileName().toString()).orElseThrow();
        out.add(new Case(f.toAbsolutePath(), type, name.substring(0, name.indexOf("--")),
            Format.ofFileName(name).orElseThrow()));
      }
    }
    return out;
  }

  private Path store(String name) {
    Path s = dir.resolve(name);
    assertEquals(0, quire("init", s.toString()).code());
    return s;
  }

  private static String head(Path store) {
    return Git.run(store, "rev-parse", "HEAD").strip();
  }

  /** What is wrong with a refusal, or null when it is the one clean line it should be. */
  static String badRefusal(Run r, int code, String names) {
    String err = r.err().strip();
    if (r.code() != code) {
      return "exit " + r.code() + " (not " + code + "): " + err;
    }
    if (err.lines().count() != 1) {
      return "not one line: " + err;
    }
    if (!err.contains(names)) {
      return "does not name " + names + ": " + err;
    }
    if (err.contains("\tat ") || err.matches(".*\\b(java|javax|com|org|tools)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b.*")) {
      return "a stack trace or Java class name: " + err;
    }
    return null;
  }

  @Test
  void everyHostileFileIsRefusedByEveryEntryPoint() throws IOException {
    List<Case> cases = cases("hostile");
    assertTrue(cases.size() >= 100, "the corpus holds " + cases.size() + " hostile files");
    Path store = store("s");
    String before = head(store);
    List<String> failures = new ArrayList<>();
    int refusals = 0;
    for (Case c : cases) {
      String bad;
      // 1. put
      bad = badRefusal(quire("-C", store.toString(), "put", c.type().folder(), c.file().toString()), 4, c.file().toString());
      refusals += record(failures, c, "put", bad);
      if (!head(store).equals(before)) {
        failures.add("put " + c.name() + ": committed " + Git.run(store, "log", "-1", "--format=%s").strip());
        Git.run(store, "reset", "-q", "--hard", before);
      }
      // 2. the folder import (init --from): nothing but the store's first commit
      Path folder = dir.resolve("import-" + c.id());
      Files.createDirectories(folder.resolve(c.storePath()).getParent());
      Files.copy(c.file(), folder.resolve(c.storePath()));
      Path fresh = dir.resolve("fresh-" + c.id());
      Run imported = quire("init", fresh.toString(), "--from", folder.toString());
      bad = badRefusal(imported, 4, c.storePath());
      if (bad == null && Files.isDirectory(fresh.resolve(".git"))
          && !Git.run(fresh, "rev-list", "--count", "HEAD").strip().equals("1")) {
        bad = "the import committed something";
      }
      refusals += record(failures, c, "import", bad);
      // 3. validate and 4. commit, of the file edited by hand into the store
      Path placed = store.resolve(c.storePath());
      Files.createDirectories(placed.getParent());
      Files.copy(c.file(), placed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Run validate = quire("-C", store.toString(), "validate");
      bad = validate.code() != 4 ? "exit " + validate.code() + ": " + validate.out() + validate.err()
          : validate.out().lines().allMatch(l -> l.startsWith(c.storePath() + ":")) && !validate.out().isBlank() ? null
          : "a problem line that does not name " + c.storePath() + ": " + validate.out();
      refusals += record(failures, c, "validate", bad);
      bad = badRefusal(quire("-C", store.toString(), "commit"), 4, c.storePath());
      refusals += record(failures, c, "commit", bad);
      Files.delete(placed);
      // 5. merge-driver, with the hostile file as our side
      Path base = dir.resolve("base");
      Path theirs = dir.resolve("theirs");
      Path ours = dir.resolve("ours");
      Files.writeString(base, valid(c, "base"));
      Files.writeString(theirs, valid(c, "theirs"));
      Files.copy(c.file(), ours, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      bad = badRefusal(quire("-C", store.toString(), "merge-driver", base.toString(), ours.toString(),
          theirs.toString(), c.storePath()), 1, c.storePath());
      if (bad == null && !java.util.Arrays.equals(Files.readAllBytes(ours), Files.readAllBytes(c.file()))) {
        bad = "the driver wrote over our side";
      }
      refusals += record(failures, c, "merge-driver", bad);
    }
    assertEquals(before, head(store), "no hostile file was committed");
    assertEquals(List.of(), failures, failures.size() + " of " + cases.size() * 5 + " runs did not refuse cleanly");
    assertEquals("", Git.run(store, "status", "--porcelain"));
    Files.writeString(dir.resolve("ok.yaml"), "id: afterTheCorpus\nname: Still usable\n");
    assertEquals(0, quire("-C", store.toString(), "put", "rules", dir.resolve("ok.yaml").toString()).code());
    Git.fsck(store);
    System.out.println("corpus: " + cases.size() + " hostile files x 5 entry points: " + refusals + " of "
        + cases.size() * 5 + " refused cleanly");
  }

  @Test
  void everyOddButValidFileIsAcceptedAndKeptByEveryEntryPoint() throws IOException {
    List<Case> cases = cases("odd");
    Path store = store("s");
    Path hand = store("hand");
    EntityCodec codec = new EntityCodec();
    List<String> failures = new ArrayList<>();
    int accepted = 0;
    for (Case c : cases) {
      Object tree = codec.readTree(c.format(), Files.readAllBytes(c.file()), c.file().toString());
      Map<?, ?> raw = (Map<?, ?>) tree;
      String id = (String) raw.get("id");
      String path = LAYOUT.pathOf(c.type(), id, null, c.format()).path();
      List<String> lost = new ArrayList<>();
      // 1. put
      Run put = quire("-C", store.toString(), "put", c.type().folder(), c.file().toString());
      lost.add(put.code() != 0 ? "put: exit " + put.code() + ": " + put.err() : lost(c.type(), raw, stored(store, c.type(), id), "put"));
      // 2. the folder import
      Path folder = dir.resolve("import-" + c.id());
      Files.createDirectories(folder.resolve(path).getParent());
      Files.copy(c.file(), folder.resolve(path));
      Path fresh = dir.resolve("fresh-" + c.id());
      Run imported = quire("init", fresh.toString(), "--from", folder.toString());
      lost.add(imported.code() != 0 ? "import: exit " + imported.code() + ": " + imported.err()
          : lost(c.type(), raw, stored(fresh, c.type(), id), "import"));
      // 3. a hand edit and commit
      Path placed = hand.resolve(path);
      Files.createDirectories(placed.getParent());
      Files.copy(c.file(), placed);
      Run commit = quire("-C", hand.toString(), "commit");
      lost.add(commit.code() != 0 ? "commit: exit " + commit.code() + ": " + commit.err()
          : lost(c.type(), raw, stored(hand, c.type(), id), "commit"));
      // 4. validate: only LiteChat's value sets may be reported, an error only for a closed one
      Run validate = quire("-C", hand.toString(), "validate", path);
      boolean closed = validate.out().contains("LiteChat handles; use one of:");
      boolean onlyValueSets = validate.out().lines().allMatch(l -> l.contains("LiteChat handles; use one of:")
          || l.contains(": warning: ") && l.contains("LiteChat may not handle it"));
      lost.add(!onlyValueSets || validate.code() != (closed ? 4 : 0) ? "validate: exit " + validate.code() + ": " + validate.out() : null);
      // 5. merge-driver: their new name merged into our file, every other field kept
      Path base = dir.resolve("base");
      Path ours = dir.resolve("ours");
      Path theirs = dir.resolve("theirs");
      Files.copy(c.file(), base, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(c.file(), ours, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Map<String, Object> renamed = new java.util.LinkedHashMap<>();
      raw.forEach((k, v) -> renamed.put((String) k, v));
      renamed.put("name", "Renamed by them");
      Files.writeString(theirs, codec.writeTree(renamed, c.format()));
      Run merged = quire("-C", hand.toString(), "merge-driver", base.toString(), ours.toString(), theirs.toString(), path);
      lost.add(merged.code() != 0 ? "merge-driver: exit " + merged.code() + ": " + merged.err()
          : lost(c.type(), renamed, (Map<?, ?>) codec.readTree(c.format(), Files.readAllBytes(ours), path), "merge-driver"));
      lost.removeIf(java.util.Objects::isNull);
      accepted += 5 - lost.size();
      lost.forEach(l -> failures.add(c.name() + ": " + l));
    }
    assertEquals(List.of(), failures);
    assertEquals("", Git.run(hand, "status", "--porcelain"));
    Git.fsck(store);
    Git.fsck(hand);
    System.out.println("corpus: " + cases.size() + " odd-but-valid files x 5 entry points: " + accepted + " of "
        + cases.size() * 5 + " accepted without loss");
  }

  @Test
  void liteChatsOwnUserConfigImportsExportsAndValidateNamesItsOddRuleType() throws IOException {
    Path store = store("s");
    Path file = CORPUS.resolve("litechat-user-config.json").toAbsolutePath();
    Run imported = quire("-C", store.toString(), "import", file.toString());
    assertEquals(0, imported.code(), imported.err());
    Run export = quire("-C", store.toString(), "export", "--only", "rules-and-tags");
    assertTrue(export.out().contains("\"type\": \"beforeUser\""), export.out());
    assertTrue(export.out().contains("\"color\": \"#3b82f6\""), "unknown fields kept: " + export.out());
    Run validate = quire("-C", store.toString(), "validate");
    assertEquals(4, validate.code(), validate.out());
    assertEquals("v2/rules/be-concise.yaml:3: $.type: \"beforeUser\" is not a rule type LiteChat handles;"
        + " use one of: system, before, after, control\n", validate.out());
    assertTrue(validate.err().startsWith("1 error, 0 warnings in "), validate.err());
  }

  @Test
  void openValueSetsWarnAndDoNotFailValidation() throws IOException {
    Path store = store("s");
    Files.writeString(dir.resolve("p.yaml"), "id: p1\nname: New\ntype: brand-new-provider\n");
    assertEquals(0, quire("-C", store.toString(), "put", "provider-configs", dir.resolve("p.yaml").toString()).code());
    Run validate = quire("-C", store.toString(), "validate", "--json");
    assertEquals(0, validate.code(), validate.out());
    assertTrue(validate.out().contains("\"severity\": \"warning\""), validate.out());
    assertTrue(validate.out().contains("is not one of LiteChat's known provider types (openai, google,"), validate.out());
  }

  @Test
  void filesOfSixtyFiveMebibytesAreRefusedEverywhere() throws IOException {
    Path store = store("s");
    String before = head(store);
    Path big = dir.resolve("big.yaml");
    try (var out = Files.newBufferedWriter(big)) {
      out.write("id: huge\nname: Huge\ncontent: \"");
      char[] chunk = new char[1 << 20];
      java.util.Arrays.fill(chunk, 'x');
      for (int i = 0; i < 65; i++) {
        out.write(chunk);
      }
      out.write("\"\n");
    }
    String limit = "larger than the limit of 64.0 MiB";
    Run put = quire("-C", store.toString(), "put", "rules", big.toString());
    assertEquals(null, badRefusal(put, 4, big.toString()));
    assertTrue(put.err().contains(limit), put.err());
    Path placed = store.resolve("v2/rules/huge.yaml");
    Files.createDirectories(placed.getParent());
    Files.copy(big, placed);
    Run commit = quire("-C", store.toString(), "commit");
    assertEquals(null, badRefusal(commit, 4, "v2/rules/huge.yaml"));
    Run validate = quire("-C", store.toString(), "validate");
    assertEquals(4, validate.code());
    assertTrue(validate.out().startsWith("v2/rules/huge.yaml: ") && validate.out().contains(limit), validate.out());
    Path small = dir.resolve("small.yaml");
    Files.writeString(small, "id: huge\nname: Small\n");
    Run merge = quire("-C", store.toString(), "merge-driver", small.toString(), big.toString(), small.toString(),
        "v2/rules/huge.yaml");
    assertEquals(null, badRefusal(merge, 1, "v2/rules/huge.yaml"));
    Files.delete(placed);
    assertEquals(before, head(store));
  }

  private static Map<?, ?> stored(Path store, EntityType type, String id) {
    Run get = quire("-C", store.toString(), "get", type.folder(), id, "--json");
    return get.code() != 0 ? Map.of() : (Map<?, ?>) new EntityCodec().readTree(Format.JSON,
        get.out().getBytes(java.nio.charset.StandardCharsets.UTF_8), "get");
  }

  /** What of {@code raw} did not arrive in {@code stored} (dates compared as instants, numbers by value), or null. */
  static String lost(EntityType type, Map<?, ?> raw, Map<?, ?> stored, String entryPoint) {
    List<String> lost = new ArrayList<>();
    raw.forEach((k, v) -> {
      Object s = stored.get(k);
      Field f = type.shape().field((String) k);
      boolean same = f != null && f.shape() == dev.quire.model.Shape.Scalar.DATE && v != null && s != null
          ? Dates.parse(v).equals(Dates.parse(s))
          : v instanceof Number a && s instanceof Number b ? new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(b.toString())) == 0
          : java.util.Objects.equals(v, s) && stored.containsKey(k);
      if (!same) {
        lost.add(k + ": " + v + " became " + s);
      }
    });
    return lost.isEmpty() ? null : entryPoint + " lost " + lost;
  }

  private static int record(List<String> failures, Case c, String entryPoint, String bad) {
    if (bad != null) {
      failures.add(entryPoint + " " + c.name() + ": " + bad);
      return 0;
    }
    return 1;
  }

  private static String valid(Case c, String name) {
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("id", c.id());
    fields.put("name", name);
    if (c.type() == EntityTypes.PROJECTS) {
      fields.put("path", "/" + name);
    }
    if (c.type() == EntityTypes.PROVIDER_CONFIGS) {
      fields.put("type", "openai");
    }
    return new EntityCodec().writeTree(fields, c.format());
  }
}
