package dev.quire.internal.secrets;

import dev.quire.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that seals a store's shared secrets: 32 random bytes (AES-256) that never enter the
 * repository. Its text form, {@code quire-secrets-key-1:<base64url>}, is what
 * {@code quire secrets key export} prints and {@code import} reads to move it to another
 * device; its id (16 hex digits of a SHA-256 of the key) is written next to every sealed value
 * so a device can tell "sealed with a key I do not have" from "tampered with".
 */
public final class SharedKey {
  static final String TEXT_PREFIX = "quire-secrets-key-1:";
  private static final int BYTES = 32;
  private final byte[] bytes;
  private final String id;

  private SharedKey(byte[] bytes) {
    this.bytes = bytes.clone();
    this.id = idOf(bytes);
  }

  /** A new random key. */
  public static SharedKey generate() {
    byte[] b = new byte[BYTES];
    new SecureRandom().nextBytes(b);
    return new SharedKey(b);
  }

  /**
   * The key in its text form (surrounding white space ignored).
   *
   * @throws StoreException saying what a key looks like when {@code text} is not one
   */
  public static SharedKey parse(String text) {
    String t = text == null ? "" : text.strip();
    if (!t.startsWith(TEXT_PREFIX)) {
      throw new StoreException("not a Quire secrets key: it starts with \"" + TEXT_PREFIX
          + "\" (the text `quire secrets key export` prints)");
    }
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(t.substring(TEXT_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new StoreException("the Quire secrets key is damaged (not base64url); export it again", e);
    }
    if (b.length != BYTES) {
      throw new StoreException("the Quire secrets key is damaged (" + b.length + " bytes, not " + BYTES
          + "); export it again");
    }
    return new SharedKey(b);
  }

  /** The key kept in {@code file}, if there is one. */
  public static Optional<SharedKey> load(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new StoreException("cannot read the secrets key " + file + ": " + e.getMessage() + "; check its permissions", e);
    } catch (StoreException e) {
      throw new StoreException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the key to {@code file}, readable by its owner only, replacing it atomically. */
  public void save(Path file) {
    PrivateFiles.write(file, (text() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public String text() {
    return TEXT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A short public name of the key: the same on every device that has it. */
  public String id() {
    return id;
  }

  SecretKeySpec spec() {
    return new SecretKeySpec(bytes, "AES");
  }

  private static String idOf(byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("quire shared secrets key id\n".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(Arrays.copyOf(sha.digest(key), 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "SharedKey[" + id + "]"; // never the key itself
  }
}
