package dev.quire.codec;

import dev.quire.model.Dates;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a canonical value tree as JSON exactly as JavaScript's
 * {@code JSON.stringify(value, null, 2)} would, plus a final newline: two-space indentation,
 * {@code "key": value}, one array element per line, {@code []} and {@code {}} when empty.
 */
final class JsonWriter {
  private JsonWriter() {}

  static String write(Object root) {
    StringBuilder sb = new StringBuilder(256);
    value(sb, root, 0);
    return sb.append('\n').toString();
  }

  /** A value as it appears nested {@code indent} spaces deep in a bigger document (no newline). */
  static String fragment(Object v, int indent) {
    StringBuilder sb = new StringBuilder(256);
    value(sb, v, indent);
    return sb.toString();
  }

  private static void value(StringBuilder sb, Object v, int indent) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Number n) {
      sb.append(JsNumbers.format(n));
    } else if (v instanceof Instant i) {
      string(sb, Dates.format(i));
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        spaces(sb, indent + 2);
        string(sb, (String) e.getKey());
        sb.append(": ");
        value(sb, e.getValue(), indent + 2);
        sb.append(it.hasNext() ? ",\n" : "\n");
      }
      spaces(sb, indent);
      sb.append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < l.size(); i++) {
        spaces(sb, indent + 2);
        value(sb, l.get(i), indent + 2);
        sb.append(i < l.size() - 1 ? ",\n" : "\n");
      }
      spaces(sb, indent);
      sb.append(']');
    } else {
      throw new IllegalArgumentException("not a canonical value: " + v.getClass().getName());
    }
  }

  private static void spaces(StringBuilder sb, int n) {
    for (int i = 0; i < n; i++) {
      sb.append(' ');
    }
  }

  /** JSON.stringify's escaping: the short escapes, \\u00xx below 0x20, lone surrogates. */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || isLoneSurrogate(s, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
