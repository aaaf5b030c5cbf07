package dev.quire.codec;

/**
 * JSON text exactly as JavaScript's {@code JSON.stringify(value, null, 2)} writes it, for
 * documents other than entity files: LiteChat exports and the one-conversation format. Big
 * documents are written piece by piece with {@link #fragment}.
 */
public final class JsonText {
  private JsonText() {}

  /** A whole document, ending with a newline. Maps keep their order; dates become ISO strings. */
  public static String of(Object value) {
    return JsonWriter.write(value);
  }

  /**
   * A value as it is written nested {@code indent} spaces deep in a bigger document: its
   * first line unindented, later lines indented, no trailing newline.
   */
  public static String fragment(Object value, int indent) {
    return JsonWriter.fragment(value, indent);
  }

  /** A JSON string literal, quoted and escaped as JavaScript does. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    JsonWriter.string(sb, s);
    return sb.toString();
  }
}
