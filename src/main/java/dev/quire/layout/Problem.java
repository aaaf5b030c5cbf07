package dev.quire.layout;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.StoreException;

/**
 * One problem found in a store's files, printed as {@code path:line:column: message} (line
 * and column left out when unknown; {@code warning: } before the message of a warning, which
 * does not fail a validation).
 */
public record Problem(String path, int line, int column, String message, boolean warning) {

  /** An error. */
  public Problem(String path, int line, int column, String message) {
    this(path, line, column, message, false);
  }

  /** The same problem as a warning. */
  public Problem asWarning() {
    return new Problem(path, line, column, message, true);
  }

  /** The problem a decoding failure describes, at {@code path}. */
  public static Problem of(String path, StoreException e) {
    if (e instanceof MalformedFileException m) {
      return new Problem(path, m.line(), m.column(), m.reason());
    }
    if (e instanceof InvalidEntityException i) {
      String field = i.fieldPath() == null ? "" : i.fieldPath() + ": ";
      return new Problem(path, i.line(), 0, field + i.reason());
    }
    return new Problem(path, 0, 0, e.getMessage());
  }

  /** The same problem shown under another path (relative to another folder). */
  public Problem at(String otherPath) {
    return new Problem(otherPath, line, column, message, warning);
  }
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(path);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.append(warning ? ": warning: " : ": ").append(message).toString();
  }
}
