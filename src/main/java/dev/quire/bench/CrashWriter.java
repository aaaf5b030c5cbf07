package dev.quire.bench;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Durability;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process {@link CrashBench} kills: opens the store, then writes in a loop — single saves,
 * and every 50th write a transaction of 600 entities — appending the id of every write the
 * store acknowledged (the call returned) to a file, until it is killed.
 * Arguments: store folder, acknowledgement file, trial number, durability.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) throws IOException {
    Path store = Path.of(args[0]);
    String trial = args[2];
    Durability durability = Durability.valueOf(args[3]);
    try (Store s = Store.open(store, StoreOptions.builder().durability(durability).build());
        FileOutputStream acks = new FileOutputStream(args[1], true)) {
      acks.write("ready\n".getBytes(StandardCharsets.UTF_8));
      for (int n = 0; ; n++) {
        String id = "t" + trial + "w" + n;
        if (n % 50 == 49) {
          List<Entity> batch = new ArrayList<>();
          for (int k = 0; k < 600; k++) {
            batch.add(rule(id + "b" + k, n));
          }
          s.putAll(batch);
          acks.write((id + "b0 " + id + "b599\n").getBytes(StandardCharsets.UTF_8));
        } else {
          s.put(rule(id, n));
          acks.write((id + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    }
  }

  static Entity rule(String id, int n) {
    return Entity.of(EntityTypes.RULES, Map.of("id", id, "name", id, "type", "system",
        "content", "Rule written by a process about to be killed, number " + n + ".",
        "updatedAt", "2026-01-01T00:00:00Z"));
  }
}
