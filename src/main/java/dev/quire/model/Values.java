package dev.quire.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns loose values (from a parser or from API callers) into the canonical value tree of an
 * entity, checking them against their shapes. Canonical values are: {@code null}, String,
 * Boolean, Long (integers up to 2^53 and any integral value that fits), BigInteger, Double
 * (finite, non-integral or beyond 2^53), {@link Instant} (only in date fields), unmodifiable
 * lists, and unmodifiable maps whose keys are in canonical order: known fields in their
 * documented order, then the others sorted.
 */
final class Values {
  private Values() {}

  /** Deepest nesting accepted in an entity. */
  static final int MAX_DEPTH = 100;

  private static final double TWO_POW_53 = 9007199254740992d;

  /** A value that does not fit its shape, at a field path. */
  static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String path;

    Problem(At path, String message) {
      super(message, null, false, false);
      this.path = path.toString();
    }
  }

  /**
   * A field path, spelled out ({@code $.steps[2].type}) only when a problem is reported:
   * entities are checked field by field, and building every path as text cost more than the
   * check itself.
   */
  static final class At {
    private final At parent;
    private final String key;
    private final int index;

    private At(At parent, String key, int index) {
      this.parent = parent;
      this.key = key;
      this.index = index;
    }

    static At root(String path) {
      return new At(null, path, -1);
    }

    At child(String name) {
      return new At(this, name, -1);
    }

    At index(int i) {
      return new At(this, null, i);
    }

    @Override
    public String toString() {
      if (parent == null) {
        return key;
      }
      return key == null ? parent + "[" + index + "]" : FieldPaths.child(parent.toString(), key);
    }
  }

  static Map<String, Object> object(ObjectShape shape, Object raw, String path, int depth) {
    return object(shape, raw, At.root(path), depth);
  }

  static Map<String, Object> object(ObjectShape shape, Object raw, At path, int depth) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new Problem(path, "expected an object (a map of fields), found " + describe(raw));
    }
    checkDepth(path, depth);
    // One pass over the map: the raw value of each known field by its position, the rest
    // (unknown fields) in map order.
    List<Field> fields = shape.fields();
    Object[] known = new Object[fields.size()];
    java.util.Arrays.fill(known, ABSENT);
    int present = 0;
    List<Map.Entry<?, ?>> unknown = null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      int i = shape.indexOf(key(e.getKey(), path));
      if (i >= 0) {
        known[i] = e.getValue();
        present++;
      } else {
        if (unknown == null) {
          unknown = new ArrayList<>();
        }
        unknown.add(e);
      }
    }
    String[] keys = new String[present + (unknown == null ? 0 : unknown.size())];
    Object[] values = new Object[keys.length];
    int n = 0;
    for (int i = 0; i < known.length; i++) {
      Field f = fields.get(i);
      Object v = known[i];
      if (v == ABSENT) {
        if (f.required()) {
          throw new Problem(path.child(f.name()), "missing; every " + shape.name() + " needs " + f.name());
        }
        continue;
      }
      if (v == null && !f.nullable()) {
        throw new Problem(path.child(f.name()), "must not be null (expected " + f.shape().describe() + ")");
      }
      keys[n] = f.name();
      values[n++] = v == null ? null : value(f.shape(), v, path.child(f.name()), depth + 1);
    }
    if (unknown != null) { // kept, in sorted order after the known ones
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : unknown) {
        String key = (String) e.getKey();
        sorted.put(key, any(e.getValue(), path.child(key), depth + 1));
      }
      n = append(sorted, keys, values, n);
    }
    return new FieldMap(keys, values);
  }

  private static int append(Map<String, Object> from, String[] keys, Object[] values, int n) {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      keys[n] = e.getKey();
      values[n++] = e.getValue();
    }
    return n;
  }

  /** Marks a known field the map does not have (null is a value). */
  private static final Object ABSENT = new Object();

  static Object value(Shape shape, Object raw, At path, int depth) {
    if (raw == null) {
      return null;
    }
    if (shape instanceof ObjectShape o) {
      return object(o, raw, path, depth);
    }
    if (shape instanceof Shape.ListOf l) {
      return list(l.element(), raw, path, depth);
    }
    if (shape instanceof Shape.MapOf m) {
      return map(m.value(), raw, path, depth);
    }
    switch ((Shape.Scalar) shape) {
      case STRING:
        if (raw instanceof String) {
          return raw;
        }
        throw new Problem(path, "expected a string, found " + describe(raw));
      case NUMBER:
        if (raw instanceof Number n) {
          return number(n, path);
        }
        throw new Problem(path, "expected a number, found " + describe(raw));
      case BOOLEAN:
        if (raw instanceof Boolean) {
          return raw;
        }
        throw new Problem(path, "expected true or false, found " + describe(raw));
      case DATE:
        try {
          return Dates.parse(raw);
        } catch (IllegalArgumentException e) {
          throw new Problem(path, e.getMessage());
        }
      case ANY:
      default:
        return any(raw, path, depth);
    }
  }

  private static List<Object> list(Shape element, Object raw, At path, int depth) {
    Collection<?> items = asCollection(raw);
    if (items == null) {
      throw new Problem(path, "expected a list, found " + describe(raw));
    }
    checkDepth(path, depth);
    List<Object> out = new ArrayList<>(items.size());
    int i = 0;
    for (Object item : items) {
      out.add(value(element, item, path.index(i), depth + 1));
      i++;
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<String, Object> map(Shape valueShape, Object raw, At path, int depth) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new Problem(path, "expected a map, found " + describe(raw));
    }
    checkDepth(path, depth);
    TreeMap<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = key(e.getKey(), path);
      sorted.put(key, value(valueShape, e.getValue(), path.child(key), depth + 1));
    }
    String[] keys = new String[sorted.size()];
    Object[] values = new Object[keys.length];
    append(sorted, keys, values, 0);
    return new FieldMap(keys, values);
  }

  /** Any JSON value: maps get sorted keys, numbers their canonical type, dates become text. */
  static Object any(Object raw, At path, int depth) {
    if (raw == null || raw instanceof String || raw instanceof Boolean) {
      return raw;
    }
    if (raw instanceof Number n) {
      return number(n, path);
    }
    if (raw instanceof Map<?, ?>) {
      return map(Shape.Scalar.ANY, raw, path, depth);
    }
    if (asCollection(raw) != null) {
      return list(Shape.Scalar.ANY, raw, path, depth);
    }
    if (raw instanceof Instant || raw instanceof Date) {
      return Dates.format(Dates.parse(raw));
    }
    throw new Problem(path, "cannot store a " + raw.getClass().getName()
        + "; use strings, numbers, booleans, lists and maps");
  }

  static Number number(Number n, At path) {
    if (n instanceof Long) {
      return n;
    }
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Number) b.longValue() : b;
    }
    if (n instanceof BigDecimal d) {
      BigDecimal stripped = d.stripTrailingZeros();
      if (stripped.scale() <= 0) {
        return number(stripped.toBigIntegerExact(), path);
      }
      return number(d.doubleValue(), path);
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      throw new Problem(path, "expected a finite number, found " + d);
    }
    if (d == Math.rint(d) && Math.abs(d) <= TWO_POW_53) {
      return (long) d;
    }
    return d;
  }

  private static Collection<?> asCollection(Object raw) {
    if (raw instanceof Collection<?> c) {
      return c;
    }
    if (raw instanceof Object[] a) {
      return java.util.Arrays.asList(a);
    }
    return null;
  }

  private static String key(Object key, At path) {
    if (key instanceof String s) {
      return s;
    }
    throw new Problem(path, "map keys must be strings, found " + describe(key));
  }

  private static void checkDepth(At path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new Problem(path, "nested more than " + MAX_DEPTH + " levels deep");
    }
  }

  /** A short description of a value for messages: "a number (42)", "a list", "null". */
  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "a string (" + quote(s) + ")";
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    if (v instanceof Number n) {
      return "a number (" + n + ")";
    }
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    if (v instanceof Collection<?> || v instanceof Object[]) {
      return "a list";
    }
    return "a " + v.getClass().getSimpleName();
  }

  /** Quotes a string for a message, shortened to 40 characters. */
  static String quote(String s) {
    String shown = s.length() > 40 ? s.substring(0, 37) + "..." : s;
    return '"' + shown.replace("\n", "\\n") + '"';
  }
}
