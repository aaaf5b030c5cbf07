package dev.quire.internal.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes loose objects the way C git does ({@code objects/xx/yyyy…}, zlib at git's default
 * loose compression level 1, written to a temporary file and renamed into place), without the
 * pack-directory checks JGit's inserter makes before every object. A commit writes a handful
 * of small objects, and those checks cost more than the writes. Every object is on disk when
 * {@link #insert} returns. An object that exists only in a pack gets a harmless loose copy.
 *
 * <p>Trees are stored with zlib's stored mode (level 0): they are mostly 20-byte binary ids
 * that do not compress, and the folder listings on a changed path are rewritten on
 * every commit. Ids of the objects written here are computed with the JDK's SHA-1 (hardware
 * accelerated where available); the collision detection JGit adds protects against objects
 * crafted by others, not objects we make ourselves.
 */
public final class LooseObjectInserter extends DirectInserter {
  /** How the temporary files of objects being written begin (as C git's do); one left behind is a dead writer's. */
  public static final String TEMP_PREFIX = "tmp_obj_";

  /** Fan-out folders known to exist, so most writes skip the check. */
  private static final Set<Path> KNOWN_DIRS = ConcurrentHashMap.newKeySet();
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final String PROCESS = Long.toHexString(ProcessHandle.current().pid());

  private final Path objects;
  private final boolean fsync;
  private final Deflater deflater = new Deflater(1);
  private final Deflater stored = new Deflater(Deflater.NO_COMPRESSION);
  private static final ThreadLocal<java.security.MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return java.security.MessageDigest.getInstance("SHA-1");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-1", e);
    }
  });

  /** The Git id of an object: SHA-1 of "type size\0" + content. */
  public static ObjectId id(int type, byte[] data, int off, int len) {
    java.security.MessageDigest md = SHA1.get();
    md.reset();
    md.update(Constants.encodedTypeString(type));
    md.update((byte) ' ');
    md.update(Constants.encodeASCII(len));
    md.update((byte) 0);
    md.update(data, off, len);
    return ObjectId.fromRaw(md.digest());
  }
  private byte[] buffer = new byte[8192];

  public LooseObjectInserter(Repository repo, boolean fsync) {
    super(repo);
    this.objects = ((FileRepository) repo).getObjectsDirectory().toPath();
    this.fsync = fsync;
  }

  @Override
  public ObjectId insert(int type, byte[] data, int off, int len) throws IOException {
    ObjectId id = id(type, data, off, len);
    String name = id.name();
    Path dir = objects.resolve(name.substring(0, 2));
    Path file = dir.resolve(name.substring(2));
    if (Files.exists(file)) {
      return id;
    }
    int size = compress(type, data, off, len);
    Path tmp = dir.resolve(TEMP_PREFIX + PROCESS + "_" + COUNTER.incrementAndGet());
    try {
      try (FileChannel channel = create(dir, tmp)) {
        ByteBuffer buf = ByteBuffer.wrap(buffer, 0, size);
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
        if (fsync) {
          channel.force(true);
        }
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        // written meanwhile by another writer: same content
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return id;
  }

  private static FileChannel create(Path dir, Path tmp) throws IOException {
    if (!KNOWN_DIRS.contains(dir)) {
      Files.createDirectories(dir);
      KNOWN_DIRS.add(dir);
    }
    try {
      return FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) { // the folder was pruned meanwhile (git gc)
      Files.createDirectories(dir);
      return FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  /** zlib of "type size\0" + data into {@link #buffer}, with the one reused deflater. */
  private int compress(int type, byte[] data, int off, int len) {
    byte[] header = Constants.encodedTypeString(type);
    byte[] size = Constants.encodeASCII(len);
    byte[] raw = new byte[header.length + 1 + size.length + 1];
    System.arraycopy(header, 0, raw, 0, header.length);
    raw[header.length] = ' ';
    System.arraycopy(size, 0, raw, header.length + 1, size.length);
    Deflater z = type == Constants.OBJ_TREE ? stored : deflater;
    z.reset();
    z.setInput(raw);
    int n = drain(z, 0, false);
    z.setInput(data, off, len);
    n = drain(z, n, false);
    z.finish();
    return drain(z, n, true);
  }

  private int drain(Deflater z, int n, boolean finishing) {
    while (finishing ? !z.finished() : !z.needsInput()) {
      if (n == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      n += z.deflate(buffer, n, buffer.length - n);
    }
    return n;
  }

  @Override
  public void flush() {
    // every object is on disk when insert returns
  }

  @Override
  public void close() {
    deflater.end();
    stored.end();
  }
}
