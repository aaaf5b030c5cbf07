package dev.quire.internal.git;

import java.io.IOException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/** An object reader that serves trees and commits from the store's {@link ObjectCache}. */
public final class CachingReader extends ObjectReader.Filter {
  private final ObjectReader delegate;
  private final ObjectCache cache;

  public CachingReader(ObjectReader delegate, ObjectCache cache) {
    this.delegate = delegate;
    this.cache = cache;
  }

  @Override
  protected ObjectReader delegate() {
    return delegate;
  }

  @Override
  public ObjectReader newReader() {
    return new CachingReader(delegate.newReader(), cache);
  }

  @Override
  public ObjectLoader open(AnyObjectId id) throws IOException {
    return open(id, OBJ_ANY);
  }

  @Override
  public ObjectLoader open(AnyObjectId id, int typeHint) throws IOException {
    if (typeHint == OBJ_ANY || typeHint == Constants.OBJ_TREE || typeHint == Constants.OBJ_COMMIT) {
      ObjectLoader cached = cache.get(id);
      if (cached != null) {
        if (typeHint != OBJ_ANY && cached.getType() != typeHint) {
          return delegate.open(id, typeHint); // let JGit report the type mismatch
        }
        return cached;
      }
    }
    ObjectLoader loader = delegate.open(id, typeHint);
    int type = loader.getType();
    if ((type == Constants.OBJ_TREE || type == Constants.OBJ_COMMIT) && !loader.isLarge()) {
      byte[] raw = loader.getCachedBytes();
      cache.put(id, type, raw);
    }
    return loader;
  }
}
