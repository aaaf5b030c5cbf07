package dev.quire.store;

import dev.quire.model.EntityType;
import java.util.Objects;

/**
 * One entity changed by a move of the branch head, whatever moved it (a transaction of this
 * store, another process, a plain {@code git commit}, a pull). Commits are full hex ids;
 * {@code oldCommit} is null for the first commit of a store.
 */
public record StoreEvent(EntityType type, String id, Kind kind, String oldCommit, String newCommit) {

  /** What happened to the entity. */
  public enum Kind { CREATED, UPDATED, DELETED }

  public StoreEvent {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(newCommit, "newCommit == null");
  }
}
