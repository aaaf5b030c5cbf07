package dev.quire.internal.git;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PackParser;

/**
 * What Quire's object writers ({@link PackInserter}) need of JGit's inserter:
 * objects arrive whole (entity files and trees are small next to memory), packs from the
 * network go through JGit's inserter instead, and reads go to the repository.
 */
public abstract class DirectInserter extends ObjectInserter {
  public final Repository repo;

  public DirectInserter(Repository repo) {
    this.repo = repo;
  }

  @Override
  public ObjectId insert(int type, long length, InputStream in) throws IOException {
    if (length > Integer.MAX_VALUE - 64) {
      throw new IOException("object too large to write in one piece: " + length + " bytes");
    }
    byte[] data = in.readNBytes((int) length);
    if (data.length != length) {
      throw new IOException("short read: " + data.length + " of " + length + " bytes");
    }
    return insert(type, data, 0, data.length);
  }

  @Override
  public PackParser newPackParser(InputStream in) {
    throw new UnsupportedOperationException("pack parsing goes through JGit's own inserter");
  }

  @Override
  public ObjectReader newReader() {
    return repo.newObjectReader();
  }
}
