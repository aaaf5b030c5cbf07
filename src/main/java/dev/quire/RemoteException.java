package dev.quire;

/**
 * A remote could not be used: the network or the server failed, credentials were refused, a
 * push was rejected, or a source is unreachable. Nothing local was lost; the message names the
 * remote and says what to do (usually: check the URL or credentials, then sync again). The
 * command line exits with code 6.
 */
public class RemoteException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** {@code cause}: the transport's own exception, or null when the remote answered with a refusal. */
  public RemoteException(String message, Throwable cause) {
    super(message, cause);
  }
}
