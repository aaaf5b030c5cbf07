package dev.quire.store;

import static dev.quire.testing.Fixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.EntityTypes;
import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What commits leave in {@code .git/objects}: one small pack each, merged so that there stay few, and C git reads them all. */
class ObjectFilesTest {
  @TempDir Path dir;

  private static Map<String, Long> countObjects(Path store) {
    return Git.run(store, "count-objects", "-v").lines().map(l -> l.split(": "))
        .collect(Collectors.toMap(p -> p[0], p -> Long.parseLong(p[1].strip())));
  }

  private static long files(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void fiveHundredCommitsLeaveAFewPacksNoLooseObjectAndAStoreCGitAccepts() throws IOException {
    Path s = dir.resolve("s");
    try (Store store = Store.init(s)) {
      for (int i = 0; i < 500; i++) {
        store.put(rule("r" + (i % 50), "Rule " + i));
        if (i == 250) {
          Git.run(s, "log", "--oneline", "-n", "3"); // C git reads while Quire writes and merges
        }
      }
    }
    Map<String, Long> counts = countObjects(s);
    assertEquals(0L, counts.get("count"), "no loose object: " + counts);
    assertTrue(counts.get("packs") <= 12, "packs are merged: " + counts);
    assertTrue(files(s.resolve(".git/objects")) <= 2 * 12, "a few files for 500 commits");
    assertEquals(0L, counts.get("garbage"), "no temporary file left: " + counts);
    Git.fsck(s);
    assertEquals("501", Git.run(s, "rev-list", "--count", "HEAD").strip(), "init's commit and the 500");
    assertEquals("", Git.run(s, "status", "--porcelain"));
    try (Store store = Store.open(s)) {
      assertEquals("Rule 499", store.require(EntityTypes.RULES, "r49").getString("name"));
      assertEquals(50, store.list(EntityTypes.RULES).size());
      assertTrue(store.put(rule("r0", "After reopening")) != null);
    }
    Git.run(s, "gc", "-q"); // C git repacks Quire's packs as its own
    try (Store store = Store.open(s)) {
      assertEquals("After reopening", store.require(EntityTypes.RULES, "r0").getString("name"));
      store.put(rule("r1", "After git gc"));
    }
    Git.fsck(s);
  }
}
