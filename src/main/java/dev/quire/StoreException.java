package dev.quire;

/**
 * Root of every error Quire reports. Subtypes are split by who has to act and how: a file
 * that does not parse ({@link MalformedFileException}), data that parses but does not fit the
 * model ({@link InvalidEntityException}). Messages name the file or entity and say what to do.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
