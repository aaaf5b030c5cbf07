package dev.quire.model;

import java.util.Objects;

/** One key of the order in which LiteChat lists a type ("updatedAt, newest first"). */
public record SortKey(String field, boolean descending) {
  public SortKey {
    Objects.requireNonNull(field, "field == null");
  }

  public static SortKey asc(String field) {
    return new SortKey(field, false);
  }

  public static SortKey desc(String field) {
    return new SortKey(field, true);
  }
}
