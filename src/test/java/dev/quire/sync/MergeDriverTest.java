package dev.quire.sync;

import static dev.quire.cli.Run.quire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.cli.Run;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.testing.Fixture;
import dev.quire.testing.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class MergeDriverTest {
  @TempDir
  Path dir;

  static final String FILE = "v2/conversations/c/v/cV8bN9mQ0wE1rT2yU3iO4.yaml";

  /** How C git runs this build's quire: the test JVM's java and class path. */
  private static String driverCommand() {
    String java = ProcessHandle.current().info().command().orElse("java");
    return "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' dev.quire.cli.Main";
  }

  @Test
  void gitPullMergesTwoFieldEditsOfOneFileWithoutATextualConflict() throws Exception {
    Path hub = Fixture.bareRemote(dir, "hub.git");
    Path a = dir.resolve("a");
    assertEquals(0, quire("init", a.toString(), "--from", Path.of("sample-repo").toAbsolutePath().toString()).code());
    Run install = quire("-C", a.toString(), "install-merge-driver", "--command", driverCommand());
    assertEquals(0, install.code(), install.err());
    assertTrue(Files.readString(a.resolve(".gitattributes")).contains("merge=quire"));
    assertEquals(0, quire("-C", a.toString(), "remote", "add", "origin", hub.toUri().toString()).code());
    Run sync = quire("-C", a.toString(), "sync");
    assertEquals(0, sync.code(), sync.err());
    assertTrue(sync.out().contains("pushed"), sync.out());

    // B: a plain git clone with the driver configured, editing the line right under A's
    Path b = dir.resolve("b");
    Git.run(dir, "clone", "-q", hub.toUri().toString(), b.toString());
    Git.run(b, "config", "merge.quire.driver", driverCommand() + " merge-driver %O %A %B %P");
    String text = Files.readString(b.resolve(FILE));
    Files.writeString(b.resolve(FILE), text.replaceFirst("(?m)^projectId: .*$", "projectId: pJ8kq2Wb4nRt6YxZa1Lm0"));
    Git.run(b, "commit", "-qam", "move the conversation to another project");

    try (Store store = Store.open(a)) {
      Entity c = store.require(EntityTypes.CONVERSATIONS, "cV8bN9mQ0wE1rT2yU3iO4");
      store.put(c.with("title", "Renamed on A"));
      assertTrue(Sync.of(store).sync("origin").pushed());
    }
    String pull = Git.run(b, "pull", "--no-rebase", "--no-edit", "origin", "main");
    assertFalse(pull.contains("CONFLICT"), pull);
    String merged = Files.readString(b.resolve(FILE));
    assertTrue(merged.contains("title: Renamed on A") && merged.contains("projectId: pJ8kq2Wb4nRt6YxZa1Lm0"), merged);
    Git.fsck(b);
  }

  @Test
  void conflictsAreListedAndResolvedFromTheCommandLine() {
    Path hub = Fixture.bareRemote(dir, "hub.git");
    Path a = dir.resolve("a");
    assertEquals(0, quire("init", a.toString(), "--from", Path.of("sample-repo").toAbsolutePath().toString()).code());
    assertEquals(0, quire("-C", a.toString(), "remote", "add", "origin", hub.toUri().toString()).code());
    assertEquals("origin  " + hub.toUri() + "\n", quire("-C", a.toString(), "remote", "list").out());
    assertEquals(0, quire("-C", a.toString(), "sync").code());
    Path b = dir.resolve("b");
    Run clone = quire("clone", hub.toUri().toString(), b.toString());
    assertEquals(0, clone.code(), clone.err());
    String rule = "rK2jH4gF6dS8aQ1wE3rT5";
    try (Store sa = Store.open(a); Store sb = Store.open(b)) {
      Entity r = sa.require(EntityTypes.RULES, rule);
      sa.put(r.with("content", "A's content").with("updatedAt", "2026-02-01T00:00:00Z"));
      sb.put(r.with("content", "B's content").with("updatedAt", "2026-02-02T00:00:00Z"));
      Sync.of(sa).sync("origin");
    }
    Run sync = quire("-C", b.toString(), "sync");
    assertTrue(sync.out().contains("1 conflicts recorded"), sync.out());
    Run list = quire("-C", b.toString(), "conflicts");
    assertTrue(list.out().contains("field: $.content") && list.out().contains("kept: B's content")
        && list.out().contains("lost: A's content"), list.out());
    Run resolve = quire("-C", b.toString(), "resolve", "rules/" + rule, "--use-other");
    assertEquals(0, resolve.code(), resolve.err());
    try (Store sb = Store.open(b)) {
      assertEquals("A's content", sb.require(EntityTypes.RULES, rule).getString("content"));
      assertTrue(Conflicts.of(sb).list().isEmpty());
    }
    assertEquals("no recorded conflicts\n", quire("-C", b.toString(), "conflicts").out());
    assertEquals(3, quire("-C", b.toString(), "resolve", "rules/" + rule).code());
  }
}
