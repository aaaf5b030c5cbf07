package dev.quire.internal.index;

/** How two kept values compare: numbers by value, same-class comparables, else as text; nulls last. */
public final class ValueOrder {
  private ValueOrder() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object a, Object b, boolean descending) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    int r;
    if (a instanceof Number x && b instanceof Number y) {
      r = Double.compare(x.doubleValue(), y.doubleValue());
    } else if (a.getClass() == b.getClass() && a instanceof Comparable) {
      r = ((Comparable) a).compareTo(b);
    } else {
      r = a.toString().compareTo(b.toString());
    }
    return descending ? -r : r;
  }
}
