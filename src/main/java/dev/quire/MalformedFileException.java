package dev.quire;

/**
 * A file that cannot be parsed at all (bad YAML or JSON syntax, a refused YAML feature, a
 * duplicate key, over a size or nesting limit). Carries the file and, where known, the line
 * and column (1-based; 0 when unknown). The fix is to edit the file.
 */
public class MalformedFileException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String reason;

  public MalformedFileException(String file, int line, int column, String reason) {
    super(format(file, line, column, reason));
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  private static String format(String file, int line, int column, String reason) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.append(": ").append(reason).toString();
  }

  /** The file, as given by the caller (usually a repository-relative path). */
  public String file() {
    return file;
  }

  /** 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** The problem without the location prefix. */
  public String reason() {
    return reason;
  }
}
