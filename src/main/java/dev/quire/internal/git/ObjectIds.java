package dev.quire.internal.git;

import java.security.MessageDigest;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Git object ids computed with the JDK's SHA-1 (hardware accelerated where available). The
 * collision detection JGit adds protects against objects crafted by others, not against the
 * objects Quire makes itself or compares file contents with.
 */
public final class ObjectIds {
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(PackIndexFile::sha1);

  private ObjectIds() {}

  /** The Git id of an object: SHA-1 of "type size\0" + content. */
  public static ObjectId id(int type, byte[] data, int off, int len) {
    MessageDigest md = SHA1.get();
    md.reset();
    md.update(Constants.encodedTypeString(type));
    md.update((byte) ' ');
    md.update(Constants.encodeASCII(len));
    md.update((byte) 0);
    md.update(data, off, len);
    return ObjectId.fromRaw(md.digest());
  }
}
