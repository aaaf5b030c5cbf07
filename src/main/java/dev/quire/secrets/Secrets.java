package dev.quire.secrets;

import dev.quire.StoreException;
import dev.quire.internal.engine.CommitView;
import dev.quire.internal.engine.Seam;
import dev.quire.internal.engine.SecretValues;
import dev.quire.internal.secrets.SharedKey;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.SecretRef;
import dev.quire.store.MissingSecret;
import dev.quire.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A store's shared secrets. {@link #share} turns sharing on: it writes
 * {@code shared-secrets/README.md} and seals every secret value this device has into
 * {@code shared-secrets/<folder>/<id>/<field>.json}; from then on every write of a secret seals
 * it too. The key stays in {@code .git/quire/shared-secrets.key}: {@link #exportKey} and
 * {@link #importKey} carry it to another device, which then reads the values after a sync; a
 * device without it reads null and lists them in {@link Store#missingSecrets}.
 */
public final class Secrets {
  private final Store store;
  private final Seam seam;

  private Secrets(Store store) {
    this.store = store;
    this.seam = store.seam();
  }

  public static Secrets of(Store store) {
    return new Secrets(store);
  }

  /** What {@link #share} did: the commit (null when nothing changed), values sealed, values this device lacks. */
  public record Shared(String commitId, String keyId, int sealed, List<MissingSecret> notShared) {}

  /** Whether the store shares its secrets (its tree holds {@code shared-secrets/README.md}). */
  public boolean isShared() {
    return seam.secretValues().isShared(seam.view(seam.refresh()));
  }

  /** The id of this device's key, if it has one. */
  public Optional<String> keyId() {
    return seam.secretValues().key().map(SharedKey::id);
  }

  /**
   * Seals every secret value this device can read, creating the key first if this device has
   * none; values already sealed with it are left as they are.
   */
  public Shared share() {
    seam.requireWritable();
    SecretValues values = seam.secretValues();
    SharedKey key = values.key().orElseGet(() -> {
      SharedKey k = SharedKey.generate();
      k.save(values.keyFile());
      return k;
    });
    int[] sealed = {0};
    String commit = seam.transact(tx -> {
      sealed[0] = 0;
      CommitView head = seam.view(seam.refresh());
      if (!values.isShared(head)) {
        tx.putRaw(SecretValues.MARKER, readme().getBytes(StandardCharsets.UTF_8));
      }
      for (EntityType type : EntityTypes.versioned()) {
        for (String field : type.secretFields()) {
          for (Entity e : tx.list(type)) {
            if (e.get(field) instanceof String value && !SecretRef.isReference(value)) {
              String ref = SecretRef.of(type, e.id(), field);
              byte[] file = values.resealed(head, key, ref, value);
              if (file != null) {
                tx.putRaw(SecretValues.sealedPath(ref), file);
                sealed[0]++;
              }
            }
          }
        }
      }
      tx.message("share secrets: seal " + sealed[0] + " value(s) with key " + key.id());
    });
    return new Shared(commit, key.id(), sealed[0], store.missingSecrets());
  }

  /**
   * This device's key as text, to import on another device. Keep it as you would a password:
   * whoever has it and the repository reads the shared secrets.
   *
   * @throws StoreException when this device has no key (run {@link #share} first, or import one)
   */
  public String exportKey() {
    return seam.secretValues().key().orElseThrow(() -> new StoreException("this device has no secrets key: run"
        + " `quire secrets share` to make one, or `quire secrets key import` to bring the store's")).text();
  }

  /** Writes {@link #exportKey} to {@code file}, readable by its owner only. */
  public void exportKey(java.nio.file.Path file) {
    SharedKey.parse(exportKey()).save(file);
  }

  /**
   * Keeps {@code text} (what {@link #exportKey} gave on another device) as this device's key.
   * Replacing a different key is refused unless {@code replace}: values sealed with the old one
   * would no longer open here.
   *
   * @return the key's id
   */
  public String importKey(String text, boolean replace) {
    SharedKey key = SharedKey.parse(text);
    SecretValues values = seam.secretValues();
    Optional<SharedKey> current = values.key();
    if (current.isPresent() && !current.get().id().equals(key.id()) && !replace) {
      throw new StoreException("this device already has the secrets key " + current.get().id() + ", not "
          + key.id() + "; values sealed with it would no longer open here. Pass --replace to replace it");
    }
    key.save(values.keyFile());
    return key.id();
  }

  /** The text of {@code shared-secrets/README.md}: what a reviewer sees of the folder. */
  static String readme() {
    return String.join("\n",
        "# Shared secrets",
        "",
        "This store shares its secret values (API keys, sync passwords) between devices. Each value",
        "is sealed in `<folder>/<id>/<field>.json` with AES-256-GCM under a key that is not in this",
        "repository; the secret's reference is the authenticated data, so a sealed value moved to",
        "another file does not open. Fields: `format` (quire-sealed-secret-1), `ref`, `key` (the",
        "key's id), `nonce` (base64, 12 bytes), `sealed` (base64: cipher text and 128-bit tag).",
        "",
        "A device reads these values once it has the key: `quire secrets key export` on a device",
        "that has it, `quire secrets key import` on the new one. Without the key, the values read",
        "as null and `quire status` lists them.",
        "");
  }
}
