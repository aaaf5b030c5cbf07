package dev.quire.codec;

import dev.quire.InvalidEntityException;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Turns entity files into {@link Entity} values and back. Reading accepts YAML or JSON (by
 * file extension) with safe limits; writing is canonical: the same entity always gives the
 * same bytes in a format, and decoding then encoding a canonical file gives it back byte for
 * byte. Thread-safe.
 *
 * <p>Two kinds of failure: {@link dev.quire.MalformedFileException} when the bytes do not
 * parse (with line and column), {@link InvalidEntityException} when they parse but do not fit
 * the type (with the field path and, where it can be found, the line).
 */
public final class EntityCodec {
  private final TreeReader reader;

  public EntityCodec() {
    this(CodecLimits.DEFAULT);
  }

  public EntityCodec(CodecLimits limits) {
    this.reader = new TreeReader(Objects.requireNonNull(limits, "limits == null"));
  }

  /**
   * Decodes a file's bytes into an entity of the given type.
   *
   * @param source the file's path, used in error messages
   */
  public Entity decode(EntityType type, Format format, byte[] bytes, String source) {
    Object tree = reader.read(format, bytes, source);
    if (!(tree instanceof Map<?, ?> map)) {
      String found = tree == null ? "an empty file" : tree instanceof java.util.List<?> ? "a list" : "a single value";
      throw new InvalidEntityException(source, 1, null,
          "expected the fields of one " + type.shape().name() + " (a YAML or JSON object), found " + found);
    }
    @SuppressWarnings("unchecked")
    Map<String, ?> fields = (Map<String, ?>) map;
    try {
      return Entity.fromTree(type, fields, source);
    } catch (InvalidEntityException e) {
      throw withLine(e, format, bytes);
    }
  }

  /** Adds the line of the offending field to an error about a file's content. */
  public InvalidEntityException withLine(InvalidEntityException e, Format format, byte[] bytes) {
    if (e.line() > 0 || e.fieldPath() == null) {
      return e;
    }
    int[] at = reader.locate(format, bytes, e.fieldPath());
    return at == null ? e : new InvalidEntityException(e.subject(), at[0], e.fieldPath(), e.reason());
  }

  /** The canonical bytes of an entity (UTF-8, ending with a newline). */
  public byte[] encode(Entity entity, Format format) {
    return encodeToString(entity, format).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of an entity. */
  public String encodeToString(Entity entity, Format format) {
    return format == Format.YAML ? YamlWriter.write(entity.fields()) : JsonWriter.write(entity.fields());
  }

  /**
   * Parses any YAML or JSON document into plain maps, lists and scalars with the same safety
   * rules as entity files (for manifests, exports and other documents). Null when empty.
   */
  public Object readTree(Format format, byte[] bytes, String source) {
    return reader.read(format, bytes, source);
  }

  /**
   * Writes a tree of maps, lists and scalars in the canonical style of {@code format}, keeping
   * map order as given.
   */
  public String writeTree(Object tree, Format format) {
    if (format == Format.JSON) {
      return JsonWriter.write(tree);
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("a YAML document must be a map");
    }
    return YamlWriter.write(map);
  }
}
