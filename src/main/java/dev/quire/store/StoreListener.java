package dev.quire.store;

import java.util.List;

/**
 * Receives the entity-level events of each head change, after the commit, on the thread that
 * noticed the change. A listener that throws does not undo the commit; its exception is
 * dropped so that other listeners still run.
 */
@FunctionalInterface
public interface StoreListener {
  void changed(List<StoreEvent> events);
}
