package dev.quire.secrets;

import static dev.quire.testing.Fixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.StoreException;
import dev.quire.exchange.ExportGroup;
import dev.quire.exchange.FullExport;
import dev.quire.internal.engine.SecretValues;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.MissingSecret;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import dev.quire.sync.Remotes;
import dev.quire.sync.Sync;
import dev.quire.testing.Fixture;
import dev.quire.testing.Git;
import dev.quire.testing.GitDaemon;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Secret values across devices: missing ones read null, shared ones travel sealed (DESIGN §6). */
@Timeout(120)
class SecretsTest {
  static final String KEY = "sk-live-0123456789abcdef";
  static final String REF = "secret:api-keys/k1/value";

  @TempDir
  Path dir;

  static Entity apiKey(String value) {
    return Entity.of(EntityTypes.API_KEYS, map("id", "k1", "name", "OpenAI", "providerId", "openai", "value", value,
        "createdAt", "2026-01-01T00:00:00Z", "updatedAt", "2026-01-01T00:00:00Z"));
  }

  private String publish(Path a, String url) {
    try (Store sa = Store.init(a)) {
      sa.put(apiKey(KEY));
      Remotes.of(sa).add("origin", url);
      Sync.of(sa).sync("origin");
      return sa.commitId();
    }
  }

  @Test
  void aSecretThisDeviceLacksReadsNullIsListedAndIsNotLostByAWrite() {
    String url = Fixture.url(Fixture.bareRemote(dir, "hub.git"));
    publish(dir.resolve("a"), url);
    try (Store sb = Sync.cloneFrom(url, dir.resolve("b"), StoreOptions.defaults())) {
      Entity k = sb.require(EntityTypes.API_KEYS, "k1");
      assertNull(k.get("value"), "never the reference's text: " + k);
      assertEquals(List.of(REF), sb.missingSecrets().stream().map(MissingSecret::ref).toList());
      assertTrue(sb.missingSecrets().get(0).reason().contains("no value on this device"), sb.missingSecrets().toString());
      StringWriter export = new StringWriter();
      FullExport.write(sb, Set.of(ExportGroup.API_KEYS), Instant.EPOCH, export);
      assertTrue(export.toString().contains("\"value\": null"), export.toString());
      assertFalse(export.toString().contains("secret:"), export.toString());
      // B renames the key: null is what B reads, so the reference stays and A keeps its value
      sb.put(k.with("name", "Renamed on B"));
      assertTrue(Files.readString(dir.resolve("b/v2/api-keys/k1.yaml"), StandardCharsets.UTF_8).contains(REF));
      Sync.of(sb).sync("origin");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    try (Store sa = Store.open(dir.resolve("a"))) {
      Sync.of(sa).sync("origin");
      Entity k = sa.require(EntityTypes.API_KEYS, "k1");
      assertEquals("Renamed on B", k.getString("name"));
      assertEquals(KEY, k.getString("value"));
      assertEquals(List.of(), sa.missingSecrets());
    }
  }

  @Test
  void sharedSecretsTravelSealedBetweenTwoReplicasOverGitDaemon() throws Exception {
    Path hub = Fixture.bareRemote(dir, "hub.git");
    Files.writeString(hub.resolve("git-daemon-export-ok"), "");
    try (GitDaemon daemon = new GitDaemon(dir)) {
      String url = daemon.url("hub.git");
      Path a = dir.resolve("a");
      publish(a, url);
      String keyText;
      try (Store sa = Store.open(a)) {
        Secrets.Shared shared = Secrets.of(sa).share();
        assertEquals(1, shared.sealed());
        assertEquals(List.of(), shared.notShared());
        assertEquals(0, Secrets.of(sa).share().sealed(), "sharing again seals nothing new");
        keyText = Secrets.of(sa).exportKey();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
            a.resolve(".git/quire/shared-secrets.key"))));
        assertTrue(Sync.of(sa).sync("origin").pushed());
      }
      String objects = Git.run(hub, "cat-file", "--batch-all-objects", "--batch");
      assertFalse(objects.contains(KEY), "the hub holds no plaintext");
      assertFalse(objects.contains(keyText.substring(keyText.indexOf(':') + 1)), "nor the key");
      assertTrue(objects.contains("quire-sealed-secret-1"));

      Path b = dir.resolve("b");
      try (Store sb = Sync.cloneFrom(url, b, StoreOptions.defaults())) {
        assertNull(sb.require(EntityTypes.API_KEYS, "k1").get("value"), "no key here yet");
        assertTrue(sb.missingSecrets().get(0).reason().contains("this device has no key"), sb.missingSecrets().toString());
        Secrets.of(sb).importKey(keyText, false);
        assertEquals(KEY, sb.require(EntityTypes.API_KEYS, "k1").getString("value"));
        assertEquals(List.of(), sb.missingSecrets());
        // B changes the key: sealed again, and A reads the new value after a sync
        sb.put(apiKey("sk-live-rotated-on-b-999"));
        assertTrue(Sync.of(sb).sync("origin").pushed());
        // the push guard still refuses plaintext: a value B knows only from a sealed file
        sb.put(Fixture.rule("leak", "Leak").with("content", "use sk-live-rotated-on-b-999"));
        StoreException e = assertThrows(StoreException.class, () -> Sync.of(sb).sync("origin"));
        assertTrue(e.getMessage().startsWith("refusing to push: "), e.getMessage());
      }
      try (Store sa = Store.open(a)) {
        Sync.of(sa).sync("origin");
        assertEquals("sk-live-rotated-on-b-999", sa.require(EntityTypes.API_KEYS, "k1").getString("value"),
            "the sealed value is newer than A's local one");
        sa.delete(EntityTypes.API_KEYS, "k1");
        assertNull(sa.seam().view(sa.seam().refresh()).readRaw(SecretValues.sealedPath(REF)), "deleted with its entity");
      }
      Git.fsck(a);
      Git.fsck(hub);
      assertFalse(Git.run(hub, "cat-file", "--batch-all-objects", "--batch").contains("sk-live-rotated-on-b-999"));
    }
  }

  @Test
  void aDeviceWithoutTheKeyThatChangesASecretKeepsItLocalAndUnshares() {
    try (Store s = Store.init(dir.resolve("s"))) {
      s.put(apiKey(KEY));
      Secrets.of(s).share();
      String sealed = SecretValues.sealedPath(REF);
      Files.delete(dir.resolve("s/.git/quire/shared-secrets.key"));
      assertEquals(KEY, s.require(EntityTypes.API_KEYS, "k1").getString("value"), "the local value is still this device's");
      s.put(apiKey("sk-new-value-here-123"));
      assertNull(s.seam().view(s.seam().refresh()).readRaw(sealed), "a stale sealed copy would override the new value");
      assertEquals("sk-new-value-here-123", s.require(EntityTypes.API_KEYS, "k1").getString("value"));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aSealedFileThatWasAlteredOrMovedDoesNotOpen() {
    try (Store s = Store.init(dir.resolve("s"))) {
      s.put(apiKey(KEY));
      s.put(apiKey(KEY).with("id", "k2").with("name", "Second"));
      Secrets.of(s).share();
      String sealed = SecretValues.sealedPath(REF);
      byte[] k1 = s.seam().view(s.seam().refresh()).readRaw(sealed);
      s.seam().secretValues().local().remove("secret:api-keys/k2/value"); // only the sealed copy is left to read
      // k1's sealed value copied over k2's: the reference is authenticated, so it does not open
      s.seam().transact(tx -> tx.putRaw(SecretValues.sealedPath("secret:api-keys/k2/value"),
          new String(k1, StandardCharsets.UTF_8).replace(REF, "secret:api-keys/k2/value").getBytes(StandardCharsets.UTF_8)));
      assertNull(s.require(EntityTypes.API_KEYS, "k2").get("value"));
      assertEquals(KEY, s.require(EntityTypes.API_KEYS, "k1").getString("value"));
      List<MissingSecret> missing = s.missingSecrets();
      assertEquals(1, missing.size(), missing.toString());
      assertTrue(missing.get(0).reason().contains("altered or damaged"), missing.toString());
    }
  }

  @Test
  void keysAreImportedOnlyWhenTheyAreKeys() {
    try (Store s = Store.init(dir.resolve("s"))) {
      Secrets secrets = Secrets.of(s);
      StoreException none = assertThrows(StoreException.class, secrets::exportKey);
      assertTrue(none.getMessage().contains("quire secrets share"), none.getMessage());
      StoreException bad = assertThrows(StoreException.class, () -> secrets.importKey("sk-not-a-key", false));
      assertTrue(bad.getMessage().startsWith("not a Quire secrets key"), bad.getMessage());
      secrets.share();
      String mine = secrets.exportKey();
      String other;
      try (Store t = Store.init(dir.resolve("t"))) {
        Secrets.of(t).share();
        other = Secrets.of(t).exportKey();
      }
      StoreException clash = assertThrows(StoreException.class, () -> secrets.importKey(other, false));
      assertTrue(clash.getMessage().contains("--replace"), clash.getMessage());
      assertEquals(mine, secrets.exportKey(), "nothing replaced");
      secrets.importKey(other, true);
      assertEquals(other, secrets.exportKey());
      assertFalse(secrets.keyId().isEmpty());
    }
  }
}
