package dev.quire.model;

import java.util.regex.Pattern;

/** JSON paths naming a field inside an entity, as used in messages: {@code $.steps[2].type}. */
public final class FieldPaths {
  private FieldPaths() {}

  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  /** The path of field {@code key} below {@code parent}: {@code $.a.b} or {@code $['odd key']}. */
  public static String child(String parent, String key) {
    if (SIMPLE_KEY.matcher(key).matches()) {
      return parent + "." + key;
    }
    return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }
}
