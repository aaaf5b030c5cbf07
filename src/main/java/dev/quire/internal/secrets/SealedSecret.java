package dev.quire.internal.secrets;

import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * One secret value sealed for the repository, the file {@code shared-secrets/<folder>/<id>/<field>.json}:
 *
 * <pre>
 * {
 *   "format": "quire-sealed-secret-1",
 *   "ref": "secret:api-keys/k1/value",
 *   "key": "&lt;16 hex digits: the id of the key that sealed it&gt;",
 *   "nonce": "&lt;base64 of 12 random bytes&gt;",
 *   "sealed": "&lt;base64 of the AES-256-GCM cipher text and its 128-bit tag&gt;"
 * }
 * </pre>
 *
 * The JDK's AES-256-GCM with a fresh random nonce per value; the reference is the additional
 * authenticated data, so a sealed value copied to another secret's file does not open.
 */
public final class SealedSecret {
  private SealedSecret() {}

  static final String FORMAT = "quire-sealed-secret-1";
  /** The folder at the root of the tree that holds a store's sealed secrets. */
  public static final String FOLDER = "shared-secrets";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final EntityCodec CODEC = new EntityCodec();

  /** What opening a sealed file gave: the value, or why there is none. */
  public record Opened(String value, String problem) {}

  /**
   * The path of the sealed file for a reference {@code secret:<folder>/<id>/<field>}.
   *
   * @param encodedId the id as the store names files ({@code FileNames.encode})
   */
  public static String path(String folder, String encodedId, String field) {
    return FOLDER + "/" + folder + "/" + encodedId + "/" + field + ".json";
  }

  /** The sealed file's bytes for {@code value} under {@code key}. */
  public static byte[] seal(SharedKey key, String ref, String value) {
    byte[] nonce = new byte[NONCE];
    new SecureRandom().nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(ref.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("format", FORMAT);
      doc.put("ref", ref);
      doc.put("key", key.id());
      doc.put("nonce", Base64.getEncoder().encodeToString(nonce));
      doc.put("sealed", Base64.getEncoder().encodeToString(sealed));
      String text = CODEC.writeTree(doc, Format.JSON);
      return (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot seal with AES-256-GCM", e);
    }
  }

  /**
   * Opens the sealed file {@code bytes} at {@code path} for {@code ref} with {@code key} (null:
   * this device has none). Never throws for a file that does not open: the problem says why
   * (no key, another key, tampered with, not a sealed file), naming the file.
   */
  public static Opened open(SharedKey key, String ref, byte[] bytes, String path) {
    Map<?, ?> doc;
    try {
      doc = CODEC.readTree(Format.JSON, bytes, path) instanceof Map<?, ?> m ? m : null;
    } catch (StoreException e) {
      return new Opened(null, e.getMessage());
    }
    if (doc == null || !FORMAT.equals(doc.get("format")) || !(doc.get("nonce") instanceof String nonce)
        || !(doc.get("sealed") instanceof String sealed)) {
      return new Opened(null, path + ": not a sealed secret (" + FORMAT + "); run `quire secrets share` to seal it again");
    }
    if (!ref.equals(doc.get("ref"))) {
      return new Opened(null, path + ": holds the secret " + doc.get("ref") + ", not " + ref);
    }
    if (key == null) {
      return new Opened(null, path + ": sealed with key " + doc.get("key") + ", and this device has no key;"
          + " import it with `quire secrets key import`");
    }
    if (!key.id().equals(doc.get("key"))) {
      return new Opened(null, path + ": sealed with key " + doc.get("key") + ", this device has key " + key.id()
          + "; import the store's key with `quire secrets key import`");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key.spec(), new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(nonce)));
      c.updateAAD(ref.getBytes(StandardCharsets.UTF_8));
      return new Opened(new String(c.doFinal(Base64.getDecoder().decode(sealed)), StandardCharsets.UTF_8), null);
    } catch (AEADBadTagException e) {
      return new Opened(null, path + ": does not open with key " + key.id() + " (altered or damaged);"
          + " set the secret again on a device that has it and run `quire secrets share`");
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return new Opened(null, path + ": damaged (" + e.getMessage() + "); run `quire secrets share` on a device that has the value");
    }
  }
}
