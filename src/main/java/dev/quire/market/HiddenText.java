package dev.quire.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text that a reviewer does not see: bidirectional controls (which reorder what is shown,
 * as in "Trojan Source"), zero-width characters and Unicode tag characters (invisible, and
 * read by language models: they have carried prompt injections in other registries). Found
 * in package files so that {@code show}, {@code install} and {@code validate} can flag them.
 */
public final class HiddenText {
  private HiddenText() {}

  /** Where {@code text} holds hidden characters, as "line L: U+XXXX (what)", at most ten. */
  public static List<String> find(String text) {
    List<String> out = new ArrayList<>();
    int line = 1;
    for (int i = 0; i < text.length() && out.size() < 10; ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        line++;
        continue;
      }
      String what = c == 0xFEFF && i == 1 ? null : describe(c); // a byte-order mark at the start is allowed
      if (what != null) {
        out.add(String.format(Locale.ROOT, "line %d: U+%04X (%s)", line, c, what));
      }
    }
    return out;
  }

  /**
   * Hidden characters in the string values of a decoded file (an escape such as
   * {@code "\u202E"} in YAML or JSON is invisible in the file and real in the value), as
   * "field F: U+XXXX (what)", at most ten.
   */
  public static List<String> inValues(Object tree) {
    List<String> out = new ArrayList<>();
    walk(tree, "", out);
    return out;
  }

  private static void walk(Object node, String at, List<String> out) {
    if (out.size() >= 10) {
      return;
    }
    if (node instanceof String s) {
      s.codePoints().filter(c -> describe(c) != null).limit(10 - out.size()).forEach(c ->
          out.add(String.format(Locale.ROOT, "field %s: U+%04X (%s)", at.isEmpty() ? "(value)" : at, c, describe(c))));
    } else if (node instanceof java.util.Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, at.isEmpty() ? String.valueOf(k) : at + "." + k, out));
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        walk(l.get(i), at + "[" + i + "]", out);
      }
    }
  }

  private static String describe(int c) {
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C) {
      return "a bidirectional control";
    }
    if ((c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || c == 0x180E || (c >= 0x2061 && c <= 0x2064)) {
      return "a zero-width character";
    }
    if (c >= 0xE0000 && c <= 0xE007F) {
      return "a Unicode tag character";
    }
    return null;
  }
}
