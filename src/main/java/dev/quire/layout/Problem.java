package dev.quire.layout;

/**
 * One problem found in a store's files, printed as {@code path:line:column: message} (line
 * and column left out when unknown).
 */
public record Problem(String path, int line, int column, String message) {
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(path);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.append(": ").append(message).toString();
  }
}
