package dev.quire.internal.engine;

import dev.quire.layout.Problem;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reads of one commit ({@link CommitView}) or of a transaction on top of one ({@link Tx}):
 * what {@code dev.quire.store.Snapshot} offers, in the engine's terms.
 */
public interface Reads {
  String commitId();

  Optional<Entity> get(EntityType type, String id);

  List<Entity> list(EntityType type);

  List<Entity> interactions(String conversationId);

  List<Problem> problems();

  Optional<byte[]> readFile(String vfsKey, String path);

  List<String> listFiles(String vfsKey, String folder);

  /** Entities whose top-level {@code field} equals {@code value} (null matches null or absent). */
  default List<Entity> find(EntityType type, String field, Object value) {
    return matching(list(type), field, value);
  }

  /** The entities of a list whose top-level {@code field} equals {@code value} (null matches null or absent). */
  static List<Entity> matching(List<Entity> entities, String field, Object value) {
    return entities.stream().filter(e -> Objects.equals(e.get(field), value)).toList();
  }

  /** {@code limit} entities of a type from {@code offset} on, in its listing order. */
  default List<Entity> page(EntityType type, int offset, int limit) {
    return slice(list(type), offset, limit);
  }

  /** Interactions whose {@code startedAt} is in {@code [from, to)}, by start time. */
  default List<Entity> startedBetween(java.time.Instant from, java.time.Instant to) {
    return startedBetween(list(dev.quire.model.EntityTypes.INTERACTIONS), from, to);
  }

  /** At most {@code limit} items from position {@code offset} on (a page of a listing). */
  static <T> List<T> slice(List<T> all, int offset, int limit) {
    int from = Math.min(Math.max(offset, 0), all.size());
    return List.copyOf(all.subList(from, (int) Math.min((long) from + Math.max(limit, 0), all.size())));
  }

  /** The interactions of a list whose {@code startedAt} is in {@code [from, to)}, by start time. */
  static List<Entity> startedBetween(List<Entity> interactions, java.time.Instant from, java.time.Instant to) {
    return interactions.stream()
        .filter(i -> i.getDate("startedAt") != null && !i.getDate("startedAt").isBefore(from)
            && i.getDate("startedAt").isBefore(to))
        .sorted((a, b) -> a.getDate("startedAt").compareTo(b.getDate("startedAt")))
        .toList();
  }
}
