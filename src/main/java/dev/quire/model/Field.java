package dev.quire.model;

import java.util.Objects;

/**
 * One known field of an object: its name, shape, whether {@code null} is accepted, whether it
 * must be present, and whether its value is a secret that never enters Git in plaintext.
 */
public record Field(String name, Shape shape, boolean nullable, boolean required, boolean secret) {

  public Field {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(shape, "shape == null");
  }

  /** An optional field that may also be null (LiteChat's {@code x?: T | null}). */
  public static Field of(String name, Shape shape) {
    return new Field(name, shape, true, false, false);
  }

  /** An optional field that, when present, must not be null. */
  public static Field nonNull(String name, Shape shape) {
    return new Field(name, shape, false, false, false);
  }

  /** A field that must be present and not null. */
  public static Field required(String name, Shape shape) {
    return new Field(name, shape, false, true, false);
  }

  /** A secret string field (nullable, optional). */
  public static Field secret(String name) {
    return new Field(name, Shape.Scalar.STRING, true, false, true);
  }
}
