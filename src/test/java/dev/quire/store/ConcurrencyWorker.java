package dev.quire.store;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import java.nio.file.Path;
import java.util.Map;

/**
 * A separate process for the multi-process test: saves {@code count} conversations, each its
 * own commit, and every tenth time increments a shared counter (read-modify-write).
 */
public final class ConcurrencyWorker {
  private ConcurrencyWorker() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    try (Store store = Store.open(dir, StoreOptions.builder().maxRetries(1000).build())) {
      ConcurrencyTest.work(store, prefix, count);
    }
  }

  static Entity counter(long value) {
    return Entity.of(EntityTypes.SETTINGS, Map.of("key", "settings:counter", "value", value));
  }
}
