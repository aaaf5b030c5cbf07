package dev.quire.internal.engine;

import dev.quire.model.Entity;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Decoded entities by the id of the blob they came from. A blob never changes, so an entry
 * can never be stale; the cache only bounds memory (least recently used out first).
 */
public final class EntityCache {
  private final int capacity;
  private final LinkedHashMap<ObjectId, Entity> map;

  public EntityCache(int capacity) {
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<ObjectId, Entity> eldest) {
        return size() > EntityCache.this.capacity;
      }
    };
  }

  public synchronized Entity get(ObjectId blob) {
    return map.get(blob);
  }

  public synchronized void put(ObjectId blob, Entity entity) {
    map.put(blob.copy(), entity);
  }
}
