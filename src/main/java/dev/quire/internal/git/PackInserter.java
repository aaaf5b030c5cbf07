package dev.quire.internal.git;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes the objects of one transaction as one Git pack and its version-2 index, as C git lays
 * them out ({@code objects/pack/pack-<checksum>.pack/.idx}): a single-entity commit is two new
 * files instead of seven loose objects, and an import of 100,000 entities two files instead of
 * 100,000. Objects are stored whole (no deltas): a commit's blobs and commit object in zlib at
 * level 1, trees and an import's {@link #prepare prepared} blobs in stored (uncompressed)
 * blocks. Ids use the JDK's SHA-1; blobs can be prepared (hashed and wrapped) on many threads
 * before they are added here, which is where a big import spends its time. The objects are
 * held until {@link #flush} writes the pack in one pass, checksum included, and makes it
 * visible: renamed into place, index last, and registered with JGit. {@link Packs} merges the
 * packs so that there stay few.
 */
public final class PackInserter extends DirectInserter {
  /** How the temporary files of packs being written begin; one left behind is a dead writer's. */
  public static final String TEMP_PREFIX = "tmp_quire_";

  /** An object hashed and wrapped in its zlib stream, ready to append. */
  public record Prepared(ObjectId id, int type, int size, byte[] deflated) {}

  /** The objects of the pack, in order, written out on {@link #flush}. */
  private final List<Prepared> objects = new ArrayList<>();

  private final Path packDir;
  private final boolean fsync;
  private final List<PackIndexFile.Entry> entries = new ArrayList<>();
  private final Set<ObjectId> ids = new HashSet<>();

  private final Spares spares;

  public PackInserter(Repository repo, boolean fsync) {
    this(repo, fsync, null);
  }

  /** With {@code spares} (may be null), the pack and its index are written into files made ahead of time. */
  public PackInserter(Repository repo, boolean fsync, Spares spares) {
    super(repo);
    this.spares = spares;
    this.packDir = ((FileRepository) repo).getObjectsDirectory().toPath().resolve("pack");
    this.fsync = fsync;
  }

  /**
   * Hashes an object and wraps it in a zlib stream of stored (uncompressed) blocks;
   * thread-safe, to be called from any thread. Every object of these packs is stored so: for
   * a big import, compressing the blobs cost more than all the rest of the commit (measured:
   * 100,000 interactions, 16,400 entities/s at level 1 against 21,200 in stored mode, for a
   * pack about a third larger); {@code git gc} compresses them later.
   */
  public static Prepared prepare(int type, byte[] data) {
    return new Prepared(ObjectIds.id(type, data, 0, data.length), type, data.length,
        stored(data, 0, data.length));
  }

  /**
   * {@code n} bytes of {@code data} from {@code off} as a zlib stream (RFC 1950) of stored
   * deflate blocks (RFC 1951, 3.2.4): what {@link Deflater#NO_COMPRESSION} writes, without its
   * native calls and buffer copies.
   */
  public static byte[] stored(byte[] data, int off, int n) {
    int blocks = Math.max(1, (n + MAX_STORED - 1) / MAX_STORED);
    byte[] out = new byte[2 + 5 * blocks + n + 4];
    out[0] = 0x78; // deflate, 32 KiB window
    out[1] = 0x01; // no dictionary, fastest; (0x78 << 8 | 0x01) is a multiple of 31
    int o = 2;
    int i = 0;
    do {
      int len = Math.min(MAX_STORED, n - i);
      out[o++] = (byte) (i + len == n ? 1 : 0); // BFINAL, BTYPE 00
      out[o++] = (byte) len;
      out[o++] = (byte) (len >>> 8);
      out[o++] = (byte) ~len;
      out[o++] = (byte) (~len >>> 8);
      System.arraycopy(data, off + i, out, o, len);
      o += len;
      i += len;
    } while (i < n);
    Adler32 adler = new Adler32();
    adler.update(data, off, n);
    int sum = (int) adler.getValue();
    out[o++] = (byte) (sum >>> 24);
    out[o++] = (byte) (sum >>> 16);
    out[o++] = (byte) (sum >>> 8);
    out[o] = (byte) sum;
    return out;
  }

  /** The most a stored block holds. */
  private static final int MAX_STORED = 65535;

  @Override
  public ObjectId insert(int type, byte[] data, int off, int len) throws IOException {
    ObjectId id = ObjectIds.id(type, data, off, len);
    if (ids.contains(id)) {
      return id;
    }
    return insert(new Prepared(id, type, len, type == Constants.OBJ_TREE ? stored(data, off, len) : deflate(data, off, len)));
  }

  /**
   * zlib at level 1, as C git writes loose objects: what a commit's own blobs and commit object
   * are written with (an import's blobs come {@link #prepare prepared}, in stored blocks). Trees
   * are stored: they are mostly 20-byte ids that do not compress.
   */
  private byte[] deflate(byte[] data, int off, int len) {
    if (deflater == null) {
      deflater = new Deflater(1);
    }
    deflater.reset();
    deflater.setInput(data, off, len);
    deflater.finish();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(len / 2 + 64);
    byte[] buf = new byte[Math.min(65536, len + 64)];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    return out.toByteArray();
  }

  private Deflater deflater;

  /** Appends a prepared object (once per id). */
  public ObjectId insert(Prepared p) {
    if (ids.add(p.id())) {
      objects.add(p);
    }
    return p.id();
  }

  /** The pack entry header: type and inflated size, 4 + 7·n bits. */
  private static byte[] header(int type, long size) {
    byte[] buf = new byte[16];
    int n = 0;
    int c = (type << 4) | (int) (size & 0x0f);
    size >>>= 4;
    while (size != 0) {
      buf[n++] = (byte) (c | 0x80);
      c = (int) (size & 0x7f);
      size >>>= 7;
    }
    buf[n++] = (byte) c;
    return Arrays.copyOf(buf, n);
  }

  /**
   * Writes the pack (its checksum computed as it is written) and its index to temporary
   * files, renames them into place, index last, and registers the pack with JGit.
   */
  @Override
  public void flush() throws IOException {
    if (objects.isEmpty()) {
      return;
    }
    PackFiles.Temp tmp = PackFiles.createTemp(packDir, ".pack", spares);
    MessageDigest sha = PackIndexFile.sha1();
    long offset = 0;
    boolean published = false;
    try (FileChannel channel = tmp.channel();
        OutputStream o = new java.security.DigestOutputStream(
            new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16), sha)) {
      o.write(PackFiles.header(objects.size()));
      offset = PackFiles.HEADER_SIZE;
      CRC32 crc = new CRC32();
      for (Prepared p : objects) {
        byte[] header = header(p.type(), p.size());
        crc.reset();
        crc.update(header);
        crc.update(p.deflated());
        o.write(header);
        o.write(p.deflated());
        entries.add(new PackIndexFile.Entry(p.id(), offset, (int) crc.getValue()));
        offset += header.length + p.deflated().length;
      }
      o.flush();
      byte[] checksum = sha.digest();
      channel.write(ByteBuffer.wrap(checksum));
      if (fsync) {
        channel.force(true);
      }
      channel.close();
      PackFiles.publishPack(repo, packDir, tmp.path(), entries, checksum, fsync, spares);
      published = true;
    } finally {
      if (!published) {
        Files.deleteIfExists(tmp.path()); // a published one was renamed away: no look-up of its old name
      }
      objects.clear();
      entries.clear();
      ids.clear();
    }
  }

  @Override
  public void close() {
    objects.clear();
    if (deflater != null) {
      deflater.end();
      deflater = null;
    }
  }
}
