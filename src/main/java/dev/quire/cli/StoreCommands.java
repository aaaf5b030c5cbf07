package dev.quire.cli;

import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import java.time.Instant;
import java.util.Map;

/** Small helpers the store verbs share: reading entity input, one-line summaries. */
final class StoreCommands {
  private StoreCommands() {}

  static final EntityCodec CODEC = new EntityCodec();

  /** Decodes entity input; the format from the file name, or by its first character. */
  static Entity decode(EntityType type, byte[] bytes, String source) {
    Format format = Format.ofFileName(source).orElseGet(() -> looksLikeJson(bytes) ? Format.JSON : Format.YAML);
    return CODEC.decode(type, format, bytes, source);
  }

  private static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '{' || b == '[') {
        return true;
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return false;
  }

  /** {@code id  label  date} for listings. */
  static String summary(Entity e) {
    StringBuilder sb = new StringBuilder(e.id());
    String label = label(e);
    if (label != null) {
      sb.append("  ").append(label);
    }
    for (String field : e.type().dateFields()) {
      if (e.get(field) instanceof Instant i) {
        sb.append("  ").append(field).append('=').append(dev.quire.model.Dates.format(i));
        break;
      }
    }
    return sb.toString();
  }

  static String label(Entity e) {
    if (e.label() != null) {
      return '"' + e.label() + '"';
    }
    if (e.type().idField().equals("key")) {
      Object v = e.get("value");
      String text = v instanceof Map<?, ?> || v instanceof java.util.List<?> ? "(structured)" : String.valueOf(v);
      return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
    return null;
  }
}
