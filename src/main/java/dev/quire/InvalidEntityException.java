package dev.quire;

/**
 * Data that parses but does not fit the LiteChat model: a known field of the wrong type, a
 * missing or unusable id, an id that differs from its file name, a file in the wrong folder.
 * Names the file or entity and the field path ({@code $.steps[2].type}) when there is one.
 */
public class InvalidEntityException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String subject;
  private final int line;
  private final String fieldPath;
  private final String reason;

  /**
   * @param subject the file path, or a description of the entity when there is no file
   * @param fieldPath a JSON path such as {@code $.steps[2].type}, or null for the whole entity
   * @param reason what is wrong and, where useful, what to do
   */
  public InvalidEntityException(String subject, String fieldPath, String reason) {
    this(subject, 0, fieldPath, reason);
  }

  /**
   * @param line 1-based line in the file where the offending field starts, or 0
   */
  public InvalidEntityException(String subject, int line, String fieldPath, String reason) {
    super(subject + (line > 0 ? ":" + line : "") + ": "
        + (fieldPath == null ? "" : fieldPath + ": ") + reason);
    this.subject = subject;
    this.line = line;
    this.fieldPath = fieldPath;
    this.reason = reason;
  }

  /** The file path or entity description the problem is in. */
  public String subject() {
    return subject;
  }

  /** 1-based line of the offending field in its file, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The JSON path of the offending field, or null. */
  public String fieldPath() {
    return fieldPath;
  }

  /** The problem without subject and field path. */
  public String reason() {
    return reason;
  }
}
