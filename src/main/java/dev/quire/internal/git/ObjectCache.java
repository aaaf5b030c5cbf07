package dev.quire.internal.git;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;

/**
 * Raw tree and commit objects by id, bounded by total size (least recently used out first).
 * JGit re-reads and re-inflates a loose object on every access; a commit touches the same few
 * trees many times, so they are kept here. Objects never change, so entries cannot go stale.
 */
public final class ObjectCache {
  private final long capacityBytes;
  private long sizeBytes;
  private final LinkedHashMap<ObjectId, ObjectLoader.SmallObject> map = new LinkedHashMap<>(4096, 0.75f, true);

  public ObjectCache(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  public synchronized ObjectLoader get(AnyObjectId id) {
    return map.get(id);
  }

  public synchronized void put(AnyObjectId id, int type, byte[] raw) {
    if (raw.length > capacityBytes / 16) {
      return;
    }
    ObjectLoader.SmallObject old = map.put(id.copy(), new ObjectLoader.SmallObject(type, raw));
    sizeBytes += raw.length - (old == null ? 0 : old.getSize());
    var it = map.entrySet().iterator();
    while (sizeBytes > capacityBytes && it.hasNext()) {
      Map.Entry<ObjectId, ObjectLoader.SmallObject> eldest = it.next();
      sizeBytes -= eldest.getValue().getSize();
      it.remove();
    }
  }
}
