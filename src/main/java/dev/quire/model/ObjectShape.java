package dev.quire.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * An object with known fields in a documented order. Fields not listed are allowed and kept;
 * in canonical form they follow the known ones, sorted by name.
 */
public final class ObjectShape implements Shape {
  private final String name;
  private final List<Field> fields;
  private final Map<String, Field> byName;
  private final Map<String, Integer> positions;

  private ObjectShape(String name, Function<ObjectShape, List<Field>> fields) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.fields = List.copyOf(fields.apply(this));
    Map<String, Field> map = new LinkedHashMap<>();
    Map<String, Integer> at = new java.util.HashMap<>();
    for (Field f : this.fields) {
      if (map.put(f.name(), f) != null) {
        throw new IllegalArgumentException(name + ": duplicate field " + f.name());
      }
      at.put(f.name(), at.size());
    }
    this.byName = Collections.unmodifiableMap(map);
    this.positions = at;
  }

  public static ObjectShape of(String name, Field... fields) {
    List<Field> list = List.of(fields);
    return new ObjectShape(name, self -> list);
  }

  /** An object whose fields may refer to the object itself (a workflow step's nested step). */
  public static ObjectShape recursive(String name, Function<ObjectShape, List<Field>> fields) {
    return new ObjectShape(name, fields);
  }

  /** The name used in documentation and schemas ("Conversation", "WorkflowStep"). */
  public String name() {
    return name;
  }

  /** Known fields in canonical order. */
  public List<Field> fields() {
    return fields;
  }

  /** The known field of that name, or null. */
  public Field field(String fieldName) {
    return byName.get(fieldName);
  }

  /** The position of a field in {@link #fields()}, or -1 when the shape has no such field. */
  int indexOf(String fieldName) {
    Integer i = positions.get(fieldName);
    return i == null ? -1 : i;
  }

  @Override
  public String describe() {
    return "an object";
  }

  @Override
  public String toString() {
    return "ObjectShape[" + name + "]";
  }
}
