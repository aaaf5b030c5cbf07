package dev.quire.internal.engine;

import java.util.List;

/** Receives the entity changes of each head move, after the commit (see {@link Engine#addListener}). */
@FunctionalInterface
public interface ChangeListener {
  void changed(List<Change> changes);
}
