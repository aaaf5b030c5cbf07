package dev.quire.internal.secrets;

import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local secret store: secret values by reference ({@code secret:api-keys/k1/value}) in
 * {@code quire/secrets.json} inside the repository's private directory ({@code .git/}), so
 * never in a commit. The file is readable by its owner only (0600 where the file system has
 * POSIX permissions) and replaced atomically on every change.
 */
public final class LocalSecrets {
  private final Path file;
  private final EntityCodec codec = new EntityCodec();

  public LocalSecrets(Path privateDir) {
    this.file = privateDir.resolve("secrets.json");
  }

  public synchronized String get(String ref) {
    return load().get(ref);
  }

  /** Every secret value kept here (to make sure none of them leaves in a push). */
  public synchronized java.util.Collection<String> values() {
    return List.copyOf(load().values());
  }

  /** Every reference and its value, read once. */
  public synchronized Map<String, String> all() {
    return Map.copyOf(load());
  }

  /** Sets the values of several references at once (null removes one): one write of the file at most. */
  public synchronized void update(Map<String, String> changes) {
    Map<String, String> current = load();
    Map<String, String> next = new TreeMap<>(current);
    changes.forEach((ref, value) -> {
      if (value == null) {
        next.remove(ref);
      } else {
        next.put(ref, value);
      }
    });
    if (!next.equals(current)) {
      save(next);
    }
  }

  public synchronized void remove(String ref) {
    Map<String, String> current = load();
    if (current.containsKey(ref)) {
      Map<String, String> next = new TreeMap<>(current);
      next.remove(ref);
      save(next);
    }
  }

  /** Reads the file every time: another process may have changed it, and it is small. */
  private Map<String, String> load() {
    Map<String, String> values = new TreeMap<>();
    if (Files.exists(file)) {
      try {
        Object tree = codec.readTree(Format.JSON, Files.readAllBytes(file), file.toString());
        if (tree instanceof Map<?, ?> m) {
          m.forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
        }
      } catch (IOException e) {
        throw new StoreException("cannot read the secret store " + file + ": " + e.getMessage() + "; check its permissions", e);
      }
    }
    return values;
  }

  private void save(Map<String, String> next) {
    PrivateFiles.write(file, codec.writeTree(new TreeMap<>(next), Format.JSON).getBytes(StandardCharsets.UTF_8));
  }

  /** The file's path, for messages and checks. */
  public Path file() {
    return file;
  }
}
