package dev.quire.schema;

import static dev.quire.cli.Run.quire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.StoreException;
import dev.quire.cli.Run;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import dev.quire.testing.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTest {
  @TempDir
  Path dir;

  static final Path V1_FIXTURE = Path.of("src/test/resources/fixtures/v1-store").toAbsolutePath();
  static final String WITH_ATTACHMENT = "jB2dD3fF4gG5hH6jJ7kK8";


  private Path v1Store(String name) {
    Path s = dir.resolve(name);
    Run r = quire("init", s.toString(), "--schema", "v1", "--from", V1_FIXTURE.toString());
    assertEquals(0, r.code(), r.err());
    return s;
  }

  @Test
  void theV1FixtureValidatesAtV1() {
    Run r = quire("-C", V1_FIXTURE.toString(), "validate");
    assertEquals(0, r.code(), r.out());
  }

  @Test
  void anOldStoreIsReadableButNotWritableUntilMigrated() {
    Path s = v1Store("old");
    try (Store store = Store.open(s)) {
      assertEquals(1, store.layout().version());
      assertEquals(3, store.conversations().size(), "reads work at v1");
      Entity turn = store.require(EntityTypes.INTERACTIONS, WITH_ATTACHMENT);
      StoreException e = assertThrows(StoreException.class, () -> store.put(turn.with("status", "ERROR")));
      assertTrue(e.getMessage().contains("is at schema version v1 and this Quire writes v2; it can be read but not"
          + " written until it is migrated: run \"quire migrate\""), e.getMessage());
    }
    Run put = quire("-C", s.toString(), "delete", "rules", "rK2jH4gF6dS8aQ1wE3rT5");
    assertEquals(1, put.code());
    assertTrue(put.err().contains("run \"quire migrate\""), put.err());
    Run sync = quire("-C", s.toString(), "sync");
    assertEquals(1, sync.code(), "no sync either: it would write");
    assertTrue(sync.err().contains("run \"quire migrate\""), sync.err());
  }

  @Test
  void migratedV1StoreEqualsAStoreCreatedAtV2() {
    Path old = v1Store("old");
    Path fresh = dir.resolve("fresh");
    assertEquals(0, quire("init", fresh.toString(), "--from", V1_FIXTURE.toString()).code());
    String before = Git.run(old, "rev-parse", "HEAD").strip();

    Run dry = quire("-C", old.toString(), "migrate", "--dry-run");
    assertEquals(0, dry.code(), dry.err());
    assertTrue(dry.out().startsWith("v1 → v2: attachment contents out of interaction files"), dry.out());
    assertTrue(dry.out().contains("(dry run: nothing committed)"), dry.out());
    assertEquals(before, Git.run(old, "rev-parse", "HEAD").strip());

    Run run = quire("-C", old.toString(), "migrate");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().matches("v1 → v2: .*: 42 files moved, \\d+ written, \\d+ deleted in commit [0-9a-f]{12}\\n"), run.out());
    assertEquals(before, Git.run(old, "rev-parse", "HEAD~1").strip(), "one commit");
    // the same data folder, byte for byte, as a store made at v2
    assertEquals(Git.run(fresh, "rev-parse", "HEAD:v2"), Git.run(old, "rev-parse", "HEAD:v2"));
    assertEquals(Git.run(fresh, "rev-parse", "HEAD:.quire"), Git.run(old, "rev-parse", "HEAD:.quire"));
    String show = Git.run(old, "show", "--stat", "HEAD");
    assertTrue(show.contains("migrate v1 → v2") && show.contains("attachments/") && show.contains("Quire-Migration: v1-v2"), show);
    Git.fsck(old);
    assertEquals("", Git.run(old, "status", "--porcelain"), "the working tree followed");
    assertFalse(Files.exists(old.resolve("v1")));

    try (Store store = Store.open(old); Store v1 = Store.open(fresh)) {
      assertEquals(2, store.layout().version());
      Entity turn = store.require(EntityTypes.INTERACTIONS, WITH_ATTACHMENT);
      assertEquals(v1.require(EntityTypes.INTERACTIONS, WITH_ATTACHMENT), turn);
      assertTrue(turn.toString().contains("contentBase64") && !turn.toString().contains("contentSha256"),
          "read back with its content: " + turn);
      store.put(turn.with("status", "ERROR")); // writable now
    }
    Run again = quire("-C", old.toString(), "migrate");
    assertTrue(again.out().contains("nothing to migrate"), again.out());
  }

  @Test
  void unknownFieldsSurviveTheMigration() throws Exception {
    Path old = v1Store("old");
    try (Store store = Store.open(old, StoreOptions.builder().schemaVersion(1).build())) {
      Entity turn = store.require(EntityTypes.INTERACTIONS, WITH_ATTACHMENT);
      store.put(turn.with("futureField", Map.of("nested", List.of(1, "x"))));
    }
    try (Store store = Store.open(old, StoreOptions.builder().autoMigrate(true).build())) {
      assertEquals(2, store.layout().version(), "migrated on open");
      Entity turn = store.require(EntityTypes.INTERACTIONS, WITH_ATTACHMENT);
      assertEquals(Map.of("nested", List.of(1L, "x")), turn.get("futureField"));
    }
  }

  @Test
  void stepsGoOneVersionAtATimeAndNeverDown() {
    assertEquals(List.of(1), Migrations.path(1, 2).stream().map(Migration::from).toList());
    assertEquals(List.of(), Migrations.path(2, 2));
    assertThrows(IllegalArgumentException.class, () -> Migrations.path(2, 1));
    assertThrows(IllegalStateException.class, () -> Migrations.path(1, 3));
  }

  @Test
  void attachmentsAreStoredApartAndCleanedUp() {
    try (Store store = Store.init(dir.resolve("s"))) {
      store.importFolder(V1_FIXTURE);
      Entity turn = store.require(EntityTypes.INTERACTIONS, WITH_ATTACHMENT);
      String folder = "v2/interactions/c/w/cW1eR2tY3uI4oP5aS6dF7/attachments";
      assertEquals(1, Git.run(dir.resolve("s"), "ls-tree", "-r", "--name-only", "HEAD", folder).lines().count());
      assertFalse(Git.run(dir.resolve("s"), "show", "HEAD:v2/interactions/c/w/cW1eR2tY3uI4oP5aS6dF7/"
          + WITH_ATTACHMENT + ".yaml").contains("contentBase64"));
      store.delete(EntityTypes.INTERACTIONS, WITH_ATTACHMENT);
      assertEquals("", Git.run(dir.resolve("s"), "ls-tree", "-r", "--name-only", "HEAD", folder), "no interaction refers to it any more");
      Git.fsck(dir.resolve("s"));
    }
  }
}
