package dev.quire.layout;

import dev.quire.codec.Format;
import dev.quire.model.EntityType;
import java.util.Objects;

/**
 * Where one entity's file lives: its type, id, parent id (for grouped types such as
 * interactions, else null), file format, and the repository-relative path with {@code /}
 * separators.
 */
public record EntityPath(EntityType type, String id, String parentId, Format format, String path) {
  public EntityPath {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(format, "format == null");
    Objects.requireNonNull(path, "path == null");
  }

  @Override
  public String toString() {
    return path;
  }
}
