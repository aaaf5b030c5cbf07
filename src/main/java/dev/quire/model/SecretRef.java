package dev.quire.model;

/**
 * What a secret field holds in a file instead of the secret: a reference of the form
 * {@code secret:<folder>/<id>/<field>} (for example {@code secret:api-keys/k1/value}) to the
 * value kept in the local secret store, outside the versioned tree.
 */
public final class SecretRef {
  private SecretRef() {}

  public static final String PREFIX = "secret:";

  /** The reference for one secret field of one entity. */
  public static String of(EntityType type, String id, String field) {
    return PREFIX + type.folder() + "/" + id + "/" + field;
  }

  /** Whether a field value is a reference rather than a secret in plaintext. */
  public static boolean isReference(Object value) {
    return value instanceof String s && s.startsWith(PREFIX) && s.indexOf('/') > 0;
  }
}
