package dev.quire.internal.engine;

import dev.quire.model.Entity;
import dev.quire.model.EntityType;

/**
 * A staged write: an entity, project-file bytes, or a deletion (both null). {@code file} is
 * the entity as its file holds it when that differs and is already known (schema v2: an
 * interaction without its attachment contents), else null.
 */
record Staged(EntityType type, String id, Entity entity, byte[] bytes, Entity file) {
  Staged(EntityType type, String id, Entity entity, byte[] bytes) {
    this(type, id, entity, bytes, null);
  }

  boolean isDelete() {
    return entity == null && bytes == null;
  }
}
