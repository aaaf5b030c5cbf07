package dev.quire.view;

/** A request the web view cannot answer as asked (a bad parameter): a 400 with this message. */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequest(String message) {
    super(message);
  }
}
