package dev.quire;

/** An entity, revision, file or store that does not exist. */
public class NotFoundException extends StoreException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
