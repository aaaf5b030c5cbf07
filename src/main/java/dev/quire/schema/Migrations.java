package dev.quire.schema;

import java.util.ArrayList;
import java.util.List;

/** The registry of schema steps, in order: {@code v1→v2}, … One per version, no skipping. */
public final class Migrations {
  private static final List<Migration> ALL = List.of(new V1ToV2());

  private Migrations() {}

  /** The steps that take a store from version {@code from} to {@code to}, in order. */
  public static List<Migration> path(int from, int to) {
    if (from > to) {
      throw new IllegalArgumentException("a store cannot be migrated down from v" + from + " to v" + to);
    }
    List<Migration> out = new ArrayList<>();
    for (int v = from; v < to; v++) {
      int version = v;
      out.add(ALL.stream().filter(m -> m.from() == version).findFirst()
          .orElseThrow(() -> new IllegalStateException("no migration from v" + version)));
    }
    return out;
  }
}
