package dev.quire.internal.engine;

import dev.quire.model.EntityType;

/**
 * One entity changed by a move of the branch head, as the engine reports it to its
 * {@link ChangeListener}s; commits are full hex ids, {@code oldCommit} null for a first commit.
 */
public record Change(EntityType type, String id, Kind kind, String oldCommit, String newCommit) {

  /** What happened to the entity. */
  public enum Kind { CREATED, UPDATED, DELETED }

  static Kind of(Object before, Object after) {
    return before == null ? Kind.CREATED : after == null ? Kind.DELETED : Kind.UPDATED;
  }
}
