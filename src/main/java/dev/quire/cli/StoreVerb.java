package dev.quire.cli;

import dev.quire.store.Store;

/**
 * A verb that works on the store at {@code -C}: the store is opened for {@link #run} and closed
 * after it, whatever happens; errors become one line and an exit code in {@link Main}.
 */
abstract class StoreVerb extends Verb {
  @Override
  public final Integer call() throws Exception {
    try (Store store = main.openStore()) {
      return run(store);
    }
  }

  /** Does the verb's work on the open store; returns the exit code. */
  abstract int run(Store store) throws Exception;
}
