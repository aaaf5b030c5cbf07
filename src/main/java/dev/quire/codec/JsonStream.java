package dev.quire.codec;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.io.input.BoundedInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one big JSON object (a LiteChat export of any size) field by field and list element
 * by list element, so that only one element is a tree in memory at a time. Each element is
 * read with the same refusals as an entity file (duplicate keys, non-finite numbers, nesting
 * and string-size limits). Syntax errors are {@link MalformedFileException}s with line and
 * column; a value of the wrong kind is an {@link InvalidEntityException} with its JSON path.
 *
 * <pre>{@code
 * try (JsonStream in = JsonStream.open(stream, "export.json", CodecLimits.DEFAULT)) {
 *   for (String field; (field = in.nextField()) != null; ) {
 *     in.beginArray("$." + field);
 *     while (in.nextElement()) { Object element = in.readValue(); }
 *   }
 * }
 * }</pre>
 */
public final class JsonStream implements AutoCloseable {
  private final BoundedInputStream counted;
  private final JsonParser parser;
  private final TreeReader reader;
  private final String source;
  private JsonToken pending;
  private boolean started;
  private boolean fieldUnread;

  private JsonStream(BoundedInputStream counted, JsonParser parser, TreeReader reader, String source) {
    this.counted = counted;
    this.parser = parser;
    this.reader = reader;
    this.source = source;
  }

  /** Opens a stream on a JSON document; {@code source} names it in errors. */
  public static JsonStream open(InputStream in, String source, CodecLimits limits) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxDepth() + 2)
        .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes()))
        .build();
    JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints)
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    try {
      BoundedInputStream counted = BoundedInputStream.builder().setInputStream(in).get();
      return new JsonStream(counted, factory.createParser(ObjectReadContext.empty(), counted),
          new TreeReader(limits), source);
    } catch (JacksonException e) {
      throw TreeReader.malformedJson(e, source);
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * The next field of the top-level object, or null after its last field (the document must
   * end there). Skips the previous field's value if it was neither read nor started as a
   * list; a list that was started must be read to its end first.
   */
  public String nextField() {
    try {
      if (!started) {
        started = true;
        JsonToken t = parser.nextToken();
        if (t != JsonToken.START_OBJECT) {
          throw new InvalidEntityException(source, line(), "$", "expected a JSON object, found "
              + describe(t));
        }
      } else if (fieldUnread) {
        parser.nextToken();
        parser.skipChildren();
      }
      pending = null;
      fieldUnread = false;
      JsonToken t = parser.nextToken();
      if (t == JsonToken.PROPERTY_NAME) {
        fieldUnread = true;
        return parser.currentName();
      }
      if (parser.nextToken() != null) {
        throw new MalformedFileException(source, line(), column(), "content after the end of the"
            + " JSON object; a file holds one object");
      }
      return null;
    } catch (JacksonException e) {
      throw TreeReader.malformedJson(e, source);
    }
  }

  /** Reads the current field's value (or the current list element) whole, as a plain tree. */
  public Object readValue() {
    try {
      JsonToken t = pending != null ? pending : parser.nextToken();
      pending = null;
      fieldUnread = false;
      return reader.readValue(parser, t, source);
    } catch (JacksonException e) {
      throw TreeReader.malformedJson(e, source);
    }
  }

  /**
   * Starts on the current field's value as a list; {@code path} (such as
   * {@code $.conversations}) names it when the value is something else.
   */
  public void beginArray(String path) {
    try {
      JsonToken t = parser.nextToken();
      fieldUnread = false;
      if (t != JsonToken.START_ARRAY) {
        throw new InvalidEntityException(source, line(), path, "expected a list, found " + describe(t));
      }
    } catch (JacksonException e) {
      throw TreeReader.malformedJson(e, source);
    }
  }

  /** Whether another element of the current list follows ({@link #readValue} reads it). */
  public boolean nextElement() {
    try {
      JsonToken t = parser.nextToken();
      if (t == JsonToken.END_ARRAY) {
        return false;
      }
      pending = t;
      return true;
    } catch (JacksonException e) {
      throw TreeReader.malformedJson(e, source);
    }
  }

  /** The 1-based line of the current token. */
  public int line() {
    return Math.max(0, parser.currentTokenLocation().getLineNr());
  }

  private int column() {
    return Math.max(0, parser.currentTokenLocation().getColumnNr());
  }

  /** Bytes consumed from the input so far (for progress displays). */
  public long bytesRead() {
    return counted.getCount();
  }

  /** How a value of the wrong kind is named in messages. */
  public static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the file";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  /** How a value tree of the wrong kind is named in messages. */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof java.util.Map<?, ?>) {
      return "an object";
    }
    if (value instanceof java.util.List<?>) {
      return "a list";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    return value instanceof Boolean ? "a boolean" : value.getClass().getSimpleName();
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (JacksonException e) {
      // closing a parser that failed: nothing more to report
    }
  }
}
