package dev.quire.model;

import dev.quire.InvalidEntityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One LiteChat record (a conversation, a rule, a setting …): an immutable value holding its
 * type and its fields in canonical form, including every field Quire does not know, at any
 * depth. Known fields are checked against the type's shapes when the entity is made; dates
 * are {@link Instant}s; see {@link EntityType} for what each type holds.
 *
 * <pre>{@code
 * Entity rule = Entity.of(EntityTypes.RULES, Map.of("id", "r1", "name", "Be brief",
 *     "type", "system", "content", "Answer in one paragraph."));
 * Entity renamed = rule.with("name", "Be concise");
 * }</pre>
 */
public final class Entity {
  private final EntityType type;
  private final Map<String, Object> fields;

  private Entity(EntityType type, Map<String, Object> fields) {
    this.type = type;
    this.fields = fields;
  }

  /**
   * Makes an entity from loose values (Java maps, lists, numbers, strings, dates).
   *
   * @throws InvalidEntityException naming the field path when a known field does not fit
   */
  public static Entity of(EntityType type, Map<String, ?> fields) {
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(fields, "fields == null");
    Object id = fields.get(type.idField());
    String subject = type.folder() + " " + (id instanceof String s && !s.isEmpty() ? s
        : id instanceof String ? "(empty " + type.idField() + ")" : "(without " + type.idField() + ")");
    return fromTree(type, fields, subject);
  }

  /**
   * Like {@link #of} but errors name {@code subject} (usually the file the values came from).
   */
  public static Entity fromTree(EntityType type, Map<String, ?> fields, String subject) {
    Map<String, Object> canonical;
    try {
      canonical = Values.object(type.shape(), fields, "$", 0);
    } catch (Values.Problem p) {
      throw new InvalidEntityException(subject, p.path, p.getMessage());
    }
    Object id = canonical.get(type.idField());
    if (((String) id).isEmpty()) {
      throw new InvalidEntityException(subject, "$." + type.idField(), "must not be empty");
    }
    return new Entity(type, canonical);
  }

  public EntityType type() {
    return type;
  }

  /** The value of the type's id field ({@code id}, or {@code key} for settings). */
  public String id() {
    return (String) fields.get(type.idField());
  }

  /** For grouped types (interactions), the parent's id; otherwise null. */
  public String parentId() {
    return type.parentField() == null ? null : (String) fields.get(type.parentField());
  }

  /** All fields in canonical order; unmodifiable, nested values too. */
  public Map<String, Object> fields() {
    return fields;
  }

  /**
   * A short human label for messages and listings: the first line of the title, name, path or
   * package id, whichever comes first, at most 60 characters; null when there is none.
   */
  public String label() {
    for (String field : LABEL_FIELDS) {
      if (fields.get(field) instanceof String s && !s.isBlank()) {
        String line = s.lines().findFirst().orElse(s);
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
      }
    }
    return null;
  }

  private static final List<String> LABEL_FIELDS = List.of("title", "name", "path", "packageId");

  public boolean has(String field) {
    return fields.containsKey(field);
  }

  /** The value of a field, or null when absent or null. */
  public Object get(String field) {
    return fields.get(field);
  }

  public String getString(String field) {
    return cast(field, String.class);
  }

  public Instant getDate(String field) {
    return cast(field, Instant.class);
  }

  public Number getNumber(String field) {
    return cast(field, Number.class);
  }

  public Boolean getBoolean(String field) {
    return cast(field, Boolean.class);
  }

  @SuppressWarnings("unchecked")
  public List<Object> getList(String field) {
    return cast(field, List.class);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> getMap(String field) {
    return cast(field, Map.class);
  }

  private <T> T cast(String field, Class<T> kind) {
    Object v = fields.get(field);
    if (v == null || kind.isInstance(v)) {
      return kind.cast(v);
    }
    throw new ClassCastException(type.folder() + " " + id() + ": field " + field + " is "
        + Values.describe(v) + ", not a " + kind.getSimpleName());
  }

  /** A copy with one field set (checked and normalized like {@link #of}). */
  public Entity with(String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.put(field, value);
    return of(type, copy);
  }

  /**
   * A summary holding only {@code keep} of this entity's fields and its id, for checks across
   * many entities that need a few fields each (unique names, references) and should not keep
   * whole entities in memory. A summary may lack fields its type requires: never save one.
   */
  public Entity only(java.util.Collection<String> keep) {
    Map<String, Object> copy = new LinkedHashMap<>();
    copy.put(type.idField(), fields.get(type.idField()));
    for (String f : keep) {
      if (fields.containsKey(f)) {
        copy.put(f, fields.get(f));
      }
    }
    return new Entity(type, copy);
  }

  /** A copy without a field. The id field cannot be removed. */
  public Entity without(String field) {
    if (!fields.containsKey(field)) {
      return this;
    }
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.remove(field);
    return of(type, copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entity e && e.type == type && e.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + fields.hashCode();
  }

  @Override
  public String toString() {
    return type.folder() + "/" + id() + fields;
  }
}
