package dev.quire.model;

import java.util.Objects;

/**
 * The expected form of a field's value. Scalars are the JSON kinds plus {@link Scalar#DATE}
 * (an instant written as an ISO-8601 string) and {@link Scalar#ANY} (any JSON value, kept as
 * it is). Containers are lists, open maps and objects with known fields.
 */
public sealed interface Shape permits Shape.Scalar, Shape.ListOf, Shape.MapOf, ObjectShape {

  /** Scalar shapes. */
  enum Scalar implements Shape {
    STRING("a string"),
    NUMBER("a number"),
    BOOLEAN("true or false"),
    DATE("a date"),
    ANY("any value");

    private final String description;

    Scalar(String description) {
      this.description = description;
    }

    @Override
    public String describe() {
      return description;
    }
  }

  /**
   * A list of elements of one shape. {@code set} marks lists whose order carries no meaning
   * and whose elements are unique (tag ids, rule ids); merges treat them as sets.
   */
  record ListOf(Shape element, boolean set) implements Shape {
    public ListOf {
      Objects.requireNonNull(element, "element == null");
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A map from arbitrary string keys to values of one shape; written with sorted keys. */
  record MapOf(Shape value) implements Shape {
    public MapOf {
      Objects.requireNonNull(value, "value == null");
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** A few words for error messages: "a string", "a list". */
  String describe();

  static ListOf listOf(Shape element) {
    return new ListOf(element, false);
  }

  static ListOf setOf(Shape element) {
    return new ListOf(element, true);
  }

  static MapOf mapOf(Shape value) {
    return new MapOf(value);
  }
}
