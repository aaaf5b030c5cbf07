package dev.quire.codec;

import dev.quire.model.Dates;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a canonical value tree as YAML in one fixed style, so that the same entity always
 * gives the same bytes and a changed field is a one-line diff:
 * <ul>
 *   <li>block style only; two-space indentation; list items indented under their key;</li>
 *   <li>strings with a line break, or longer than {@value #LONG} characters, as literal block
 *       scalars ({@code |}, {@code |-}, {@code |+}), never folded or wrapped;</li>
 *   <li>other strings plain when that reads back as the same string under both YAML 1.1 and
 *       1.2, otherwise double-quoted; numeric-looking, boolean-looking and null-looking
 *       strings are always quoted;</li>
 *   <li>dates as {@code 2025-03-01T12:34:56.789Z}; numbers as JavaScript writes them;
 *       {@code {}} and {@code []} for empty maps and lists.</li>
 * </ul>
 */
final class YamlWriter {
  private YamlWriter() {}

  /** Single-line strings longer than this become literal block scalars. */
  static final int LONG = 80;

  private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";
  private static final Pattern NUMBER_LIKE = Pattern.compile(
      "[-+]?(\\.?[0-9][0-9a-fA-FxXoO_.:+-]*|\\.(inf|Inf|INF|nan|NaN|NAN))");
  private static final Set<String> RESERVED = Set.of(
      "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
      "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
      "y", "Y", "n", "N", "<<", "=");
  private static final int LONGEST_RESERVED = 5;

  static String write(Map<?, ?> root) {
    if (root.isEmpty()) {
      return "{}\n";
    }
    StringBuilder sb = BUFFERS.get();
    sb.setLength(0);
    mapBody(sb, root, 0, false);
    String out = sb.toString();
    if (sb.capacity() > KEEP) {
      BUFFERS.remove(); // a big entity's buffer is not kept
    }
    return out;
  }

  /** One buffer per thread, reused: a big import writes 100,000 files on each core. */
  private static final int KEEP = 16 * 1024;
  private static final ThreadLocal<StringBuilder> BUFFERS = ThreadLocal.withInitial(() -> new StringBuilder(KEEP));

  private static void mapBody(StringBuilder sb, Map<?, ?> map, int indent, boolean firstInline) {
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(first && firstInline)) {
        spaces(sb, indent);
      }
      first = false;
      scalarString(sb, (String) e.getKey());
      sb.append(':');
      valueAfter(sb, e.getValue(), indent, false);
    }
  }

  private static void listBody(StringBuilder sb, List<?> list, int indent, boolean firstInline) {
    boolean first = true;
    for (Object item : list) {
      if (!(first && firstInline)) {
        spaces(sb, indent);
      }
      first = false;
      sb.append('-');
      valueAfter(sb, item, indent, true);
    }
  }

  /** Writes what follows {@code key:} or {@code -}, through the end of the value. */
  private static void valueAfter(StringBuilder sb, Object v, int indent, boolean inList) {
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      sb.append(inList ? " " : "\n");
      mapBody(sb, m, indent + 2, inList);
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      sb.append(inList ? " " : "\n");
      listBody(sb, l, indent + 2, inList);
    } else if (v instanceof String s && blockable(s)) {
      block(sb, s, indent + 2);
    } else {
      sb.append(' ');
      scalar(sb, v);
      sb.append('\n');
    }
  }

  private static void scalar(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      scalarString(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Number n) {
      sb.append(JsNumbers.format(n));
    } else if (v instanceof Instant i) {
      sb.append(Dates.format(i));
    } else if (v instanceof Map<?, ?>) {
      sb.append("{}");
    } else if (v instanceof List<?>) {
      sb.append("[]");
    } else {
      throw new IllegalArgumentException("not a canonical value: " + v.getClass().getName());
    }
  }

  private static void scalarString(StringBuilder sb, String s) {
    if (plainSafe(s)) {
      sb.append(s);
    } else {
      doubleQuoted(sb, s);
    }
  }

  /** Whether s can be a literal block scalar that reads back exactly. */
  static boolean blockable(String s) {
    if (s.length() <= LONG && s.indexOf('\n') < 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\n' && c != '\t' && (c < 0x20 || c >= 0x7f) && mustEscape(s, i)) {
        return false;
      }
    }
    // The first line with content decides the indentation; lines before it must be empty.
    int start = 0;
    while (start < s.length() && s.charAt(start) == '\n') {
      start++;
    }
    if (start == s.length()) {
      return false; // only line breaks
    }
    int end = s.indexOf('\n', start);
    return !s.substring(start, end < 0 ? s.length() : end).isBlank() && s.charAt(start) != '\t';
  }

  private static void block(StringBuilder sb, String s, int contentIndent) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '\n') {
      end--;
    }
    int trailing = s.length() - end;
    int first = 0; // the first line with content (blockable: there is one)
    while (s.charAt(first) == '\n') {
      first++;
    }
    sb.append(" |");
    if (s.charAt(first) == ' ') {
      sb.append('2');
    }
    sb.append(trailing == 0 ? "-" : trailing == 1 ? "" : "+").append('\n');
    for (int from = 0; from <= end; ) {
      int nl = s.indexOf('\n', from);
      int to = nl < 0 || nl > end ? end : nl;
      if (to > from) {
        spaces(sb, contentIndent);
        sb.append(s, from, to);
      }
      sb.append('\n');
      from = to + 1;
    }
    for (int i = 1; i < trailing; i++) {
      sb.append('\n');
    }
  }

  /** Whether s reads back as the same string when written without quotes. */
  static boolean plainSafe(String s) {
    int n = s.length();
    if (n == 0 || (n <= LONGEST_RESERVED && RESERVED.contains(s))) {
      return false; // would read as null or a boolean (or a merge key)
    }
    char first = s.charAt(0);
    char last = s.charAt(n - 1);
    if (INDICATORS.indexOf(first) >= 0 || first == ' ' || last == ' ' || last == ':') {
      return false;
    }
    if ((first == '+' || first == '.' || (first >= '0' && first <= '9')) && NUMBER_LIKE.matcher(s).matches()) {
      return false; // would read as a number
    }
    if (s.startsWith("...")) {
      return false; // a document marker at column 0 ("---" starts with an indicator)
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        if (c == '\t' || mustEscape(s, i)) {
          return false;
        }
      } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ' ') {
        return false; // would start a mapping
      } else if (c == '#' && s.charAt(i - 1) == ' ') {
        return false; // would start a comment
      }
    }
    return true;
  }

  /** Characters YAML cannot hold unescaped (or that some readers take as line breaks). */
  private static boolean mustEscape(String s, int i) {
    char c = s.charAt(i);
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff
        || c == 0xfffe || c == 0xffff || JsonWriter.isLoneSurrogate(s, i);
  }

  private static void doubleQuoted(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (mustEscape(s, i)) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void spaces(StringBuilder sb, int n) {
    if (n <= SPACES.length()) {
      sb.append(SPACES, 0, n);
    } else {
      sb.append(" ".repeat(n));
    }
  }

  private static final String SPACES = " ".repeat(64);
}
