package dev.quire;

/**
 * A write that cannot be applied as asked: the branch moved under a transaction and changed
 * what it read or wrote, a unique constraint would be broken, or a file in the working tree
 * has uncommitted hand edits. Nothing was written; the message says what collided.
 */
public class ConflictException extends StoreException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
