package dev.quire.internal.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Git's version-2 pack index ({@code pack-*.idx}): written for the packs Quire makes (a
 * commit's, an import's, a merge of packs) and read back to merge packs. Built in memory and
 * written at once; for 100,000 objects, writing it int by int through the digest took longer
 * than writing the pack.
 */
final class PackIndexFile {
  /** One object of a pack: its id, where its entry starts and the CRC-32 of the entry's bytes. */
  record Entry(ObjectId id, long offset, int crc) {}

  private static final byte[] MAGIC = {(byte) 0xff, 't', 'O', 'c', 0, 0, 0, 2};

  private PackIndexFile() {}

  /** Writes the index of {@code entries} (any order) for the pack whose trailer is {@code packChecksum}. */
  static void write(FileChannel c, List<Entry> entries, byte[] packChecksum, boolean fsync) throws IOException {
    Entry[] sorted = entries.toArray(new Entry[0]);
    Arrays.parallelSort(sorted, (a, b) -> a.id().compareTo(b.id()));
    int n = sorted.length;
    long large = entries.stream().filter(e -> e.offset() >= 0x80000000L).count();
    ByteBuffer idx = ByteBuffer.allocate(8 + 256 * 4 + n * 28 + (int) large * 8 + 40);
    idx.put(MAGIC);
    int[] fanout = new int[256];
    for (Entry e : sorted) {
      fanout[e.id().getFirstByte()]++;
    }
    int total = 0;
    for (int i = 0; i < 256; i++) {
      total += fanout[i];
      idx.putInt(total);
    }
    byte[] raw20 = new byte[20];
    for (Entry e : sorted) {
      e.id().copyRawTo(raw20, 0);
      idx.put(raw20);
    }
    for (Entry e : sorted) {
      idx.putInt(e.crc());
    }
    List<Long> big = new ArrayList<>();
    for (Entry e : sorted) {
      if (e.offset() < 0x80000000L) {
        idx.putInt((int) e.offset());
      } else {
        idx.putInt(0x80000000 | big.size());
        big.add(e.offset());
      }
    }
    for (long l : big) {
      idx.putLong(l);
    }
    idx.put(packChecksum);
    MessageDigest sha = sha1();
    sha.update(idx.array(), 0, idx.position());
    idx.put(sha.digest());
    idx.flip();
    while (idx.hasRemaining()) {
      c.write(idx);
    }
    if (fsync) {
      c.force(true);
    }
  }

  /**
   * The entries of a version-2 index, in the order of their offsets in the pack, and the
   * checksum of the pack it records.
   *
   * @throws IOException when the file is not a version-2 index or its checksum is wrong
   */
  static Read read(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length < 8 + 1024 + 40 || !Arrays.equals(Arrays.copyOf(b, 8), MAGIC)) {
      throw new IOException(file + " is not a version-2 pack index");
    }
    MessageDigest sha = sha1();
    sha.update(b, 0, b.length - 20);
    if (!Arrays.equals(sha.digest(), Arrays.copyOfRange(b, b.length - 20, b.length))) {
      throw new IOException(file + " is damaged: its checksum does not match");
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    int n = buf.getInt(8 + 255 * 4);
    int ids = 8 + 1024;
    int crcs = ids + n * 20;
    int offsets = crcs + n * 4;
    int large = offsets + n * 4;
    if (n < 0 || large + 40 > b.length) {
      throw new IOException(file + " is damaged: it is shorter than its object count says");
    }
    Entry[] entries = new Entry[n];
    for (int i = 0; i < n; i++) {
      int o = buf.getInt(offsets + i * 4);
      long offset = o >= 0 ? o : buf.getLong(large + (o & 0x7fffffff) * 8);
      entries[i] = new Entry(ObjectId.fromRaw(b, ids + i * 20), offset, buf.getInt(crcs + i * 4));
    }
    Arrays.sort(entries, (x, y) -> Long.compare(x.offset(), y.offset()));
    return new Read(List.of(entries), Arrays.copyOfRange(b, b.length - 40, b.length - 20));
  }

  /** What {@link #read} returns: the entries by offset and the checksum of the pack they index. */
  record Read(List<Entry> entries, byte[] packChecksum) {}

  static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-1", e);
    }
  }
}
