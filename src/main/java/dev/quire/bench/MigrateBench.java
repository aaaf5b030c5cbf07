package dev.quire.bench;

import dev.quire.model.Entity;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.io.file.PathUtils;

/**
 * The migration benchmark ({@code quire bench migrate}): builds a v1 store with a working tree
 * (conversations of 50 entities, the write benchmark's shape; every 25th interaction with a
 * 12 KB attachment inline) and times {@link Store#migrate} to the newest version, the working
 * tree's catch-up included.
 */
public final class MigrateBench {
  /** One measurement. */
  public record Result(int entities, int attachments, double buildSeconds, double migrateSeconds) {}

  private final Path workDir;
  private final PrintWriter progress;

  public MigrateBench(Path workDir, PrintWriter progress) {
    this.workDir = workDir;
    this.progress = progress;
  }

  public Result run(int entities) {
    Path dir = workDir.resolve("store");
    try {
      long b0 = System.nanoTime();
      int attachments = 0;
      progress.printf("building a v1 store of %,d entities ...%n", entities);
      progress.flush();
      try (Store store = Store.init(dir, false, StoreOptions.builder().schemaVersion(1).build())) {
        List<Entity> all = new ArrayList<>(entities);
        Random random = new Random(7);
        for (int c = 0; c < entities / 50; c++) {
          all.add(WriteBench.conversation(c, 0));
          for (int i = 0; i < 49; i++) {
            Entity e = WriteBench.interaction(c, i);
            if (i % 25 == 0) {
              e = withAttachment(e, random);
              attachments++;
            }
            all.add(e);
          }
        }
        store.putAll(all);
      }
      double build = (System.nanoTime() - b0) / 1e9;
      progress.printf("migrating ...%n");
      progress.flush();
      long t0 = System.nanoTime();
      Store.migrate(dir, StoreOptions.defaults(), false);
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Result(entities, attachments, build, seconds);
    } finally {
      try {
        PathUtils.deleteDirectory(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Entity withAttachment(Entity interaction, Random random) {
    byte[] content = new byte[12 * 1024];
    random.nextBytes(content);
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("id", "file-" + interaction.id());
    file.put("source", "direct");
    file.put("name", "photo.jpg");
    file.put("type", "image/jpeg");
    file.put("size", content.length);
    file.put("contentBase64", Base64.getEncoder().encodeToString(content));
    Map<String, Object> prompt = new LinkedHashMap<>(interaction.getMap("prompt"));
    prompt.put("metadata", Map.of("attachedFiles", List.of(file)));
    return interaction.with("prompt", prompt);
  }
}
