package dev.quire.market;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic versions ({@code MAJOR.MINOR.PATCH[-pre][+build]}) and the ranges dependencies
 * name: an exact version, {@code ^1.2.3} (same major, or same minor below 1.0), {@code ~1.2.3}
 * (same minor), comparisons ({@code >=1.0.0}, {@code >1.0.0}, {@code <2.0.0},
 * {@code <=2.0.0}), {@code *}, and several of them separated by spaces (all must hold). A
 * range's version may leave out minor and patch or write them x: {@code ^1.0}, {@code 1.x}
 * (as {@code ^1}), {@code 1.2} (as {@code ~1.2}).
 */
record Semver(int major, int minor, int patch, String pre) implements Comparable<Semver> {
  private static final Pattern VERSION = Pattern.compile("v?(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

  /** The version, or null when {@code text} is not one. */
  static Semver parse(String text) {
    Matcher m = text == null ? null : VERSION.matcher(text.strip());
    if (m == null || !m.matches()) {
      return null;
    }
    return new Semver(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4));
  }

  @Override
  public int compareTo(Semver o) {
    int c = Integer.compare(major, o.major);
    c = c != 0 ? c : Integer.compare(minor, o.minor);
    c = c != 0 ? c : Integer.compare(patch, o.patch);
    if (c != 0 || java.util.Objects.equals(pre, o.pre)) {
      return c;
    }
    return pre == null ? 1 : o.pre == null ? -1 : pre.compareTo(o.pre); // a pre-release comes before its release
  }

  /** Whether {@code range} holds for this version; an unreadable range is an {@link IllegalArgumentException}. */
  boolean satisfies(String range) {
    for (String part : range.strip().split("\\s+")) {
      if (!holds(part)) {
        return false;
      }
    }
    return true;
  }

  private boolean holds(String part) {
    if (part.equals("*") || part.equalsIgnoreCase("x") || part.isEmpty()) {
      return true;
    }
    for (String op : List.of(">=", "<=", ">", "<", "=", "^", "~")) {
      if (part.startsWith(op)) {
        String operand = part.substring(op.length());
        Semver v = require(operand, part);
        if (op.equals("=") && parts(operand) < 3) {
          return holds("~" + operand);
        }
        int c = compareTo(v);
        return switch (op) {
          case ">=" -> c >= 0;
          case "<=" -> c <= 0;
          case ">" -> c > 0;
          case "<" -> c < 0;
          case "=" -> c == 0;
          case "^" -> c >= 0 && (v.major > 0 ? major == v.major : v.minor > 0 ? major == 0 && minor == v.minor
              : major == 0 && minor == 0 && patch == v.patch);
          default -> c >= 0 && major == v.major && minor == v.minor; // ~
        };
      }
    }
    int given = parts(part);
    return given == 3 ? compareTo(require(part, part)) == 0 : holds((given == 1 ? "^" : "~") + part);
  }

  /** How many of major, minor and patch a range's version names (1.x and 1.* name one). */
  private static int parts(String text) {
    String[] p = text.split("\\.");
    int n = 0;
    for (String x : p) {
      if (x.equals("x") || x.equals("X") || x.equals("*")) {
        break;
      }
      n++;
    }
    return Math.min(n, 3);
  }

  /** A version in a range, where minor and patch may be left out or x (taken as 0). */
  private static Semver require(String text, String range) {
    String[] p = text.split("[.+-]", -1);
    if (!text.isEmpty() && parts(text) < 3 && p.length <= 3) {
      StringBuilder full = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        String x = i < p.length ? p[i] : "0";
        full.append(i == 0 ? "" : ".").append(x.equals("x") || x.equals("X") || x.equals("*") ? "0" : x);
      }
      text = full.toString();
    }
    Semver v = parse(text);
    if (v == null) {
      throw new IllegalArgumentException("\"" + range + "\" is not a version range (use 1.2.3, ^1.2.3, ~1.2.3, >=1.0.0 <2.0.0 or *)");
    }
    return v;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (pre == null ? "" : "-" + pre);
  }
}
