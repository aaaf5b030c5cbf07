package dev.quire.internal.git;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Merges packs into one pack by copying their entries as they are (no inflating, no new
 * deltas): whole objects byte for byte, offset deltas with their base distance rewritten for
 * the new pack, each object once. Every entry's CRC is checked against its pack's index on
 * the way, so a damaged pack is left alone (the merge fails and nothing is removed). The new
 * pack is made visible before any of the merged ones is deleted, so readers find every object
 * at every moment.
 */
final class PackMerge {
  private static final int OBJ_OFS_DELTA = 6;
  private static final int OBJ_REF_DELTA = 7;

  private PackMerge() {}

  /** A pack by its path without extension ({@code …/pack-<hex>}), and the size of its {@code .pack} file. */
  record Pack(Path base, long size) {
    Path file(String extension) {
      return base.resolveSibling(base.getFileName() + extension);
    }
  }

  /**
   * Writes one pack holding every object of {@code packs}, publishes it, then deletes them;
   * returns the new pack's path.
   *
   * @throws IOException when a pack cannot be read, is damaged, or holds a delta whose base
   *     the merged pack would not hold; nothing is deleted then
   */
  static Path merge(Repository repo, List<Pack> packs, boolean fsync) throws IOException {
    List<PackIndexFile.Read> indexes = new ArrayList<>();
    Set<ObjectId> unique = new HashSet<>();
    for (Pack p : packs) {
      PackIndexFile.Read read = PackIndexFile.read(p.file(".idx"));
      indexes.add(read);
      for (PackIndexFile.Entry e : read.entries()) {
        unique.add(e.id());
      }
    }
    Path packDir = packs.get(0).base().getParent();
    PackFiles.Temp tmp = PackFiles.createTemp(packDir, ".pack");
    try {
      List<PackIndexFile.Entry> out = new ArrayList<>(unique.size());
      byte[] checksum;
      try (FileChannel channel = tmp.channel()) {
        MessageDigest sha = PackIndexFile.sha1();
        Copier copier = new Copier(new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), sha), out);
        copier.o.write(PackFiles.header(unique.size()));
        for (int i = 0; i < packs.size(); i++) {
          copier.copy(packs.get(i), indexes.get(i));
        }
        copier.o.flush();
        for (ObjectId base : copier.refBases) {
          if (!copier.written.containsKey(base)) {
            throw new IOException("a delta in the packs to merge has its base " + base.name() + " outside them");
          }
        }
        checksum = sha.digest();
        channel.write(ByteBuffer.wrap(checksum));
        if (fsync) {
          channel.force(true);
        }
      }
      Path merged = PackFiles.publishPack(repo, packDir, tmp.path(), out, checksum, fsync, null);
      for (Pack p : packs) {
        if (!p.file(".pack").equals(merged)) {
          delete(p);
        }
      }
      return merged;
    } finally {
      Files.deleteIfExists(tmp.path());
    }
  }

  /** Removes a merged pack: its index first, so that no new reader takes it up, then the rest. */
  private static void delete(Pack p) {
    for (String ext : new String[] {".idx", ".pack", ".rev"}) {
      try {
        Files.deleteIfExists(p.file(ext));
      } catch (IOException e) {
        // still open elsewhere (Windows) or already gone: its objects are in the merged pack
      }
    }
  }

  /** Copies the entries of packs, in order, into one stream. */
  private static final class Copier {
    final OutputStream o;
    final List<PackIndexFile.Entry> out;
    /** Objects written so far, by id: their offset in the new pack. */
    final Map<ObjectId, Long> written = new HashMap<>();
    final Set<ObjectId> refBases = new HashSet<>();
    long offset = PackFiles.HEADER_SIZE;
    private final CRC32 crc = new CRC32();

    Copier(OutputStream o, List<PackIndexFile.Entry> out) {
      this.o = o;
      this.out = out;
    }

    void copy(Pack pack, PackIndexFile.Read index) throws IOException {
      List<PackIndexFile.Entry> entries = index.entries();
      Map<Long, ObjectId> idAt = new HashMap<>(entries.size() * 2);
      for (PackIndexFile.Entry e : entries) {
        idAt.put(e.offset(), e.id());
      }
      long end = pack.size() - 20;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(pack.file(".pack"), StandardOpenOption.READ), 1 << 16)) {
        byte[] head = in.readNBytes(PackFiles.HEADER_SIZE);
        if (head.length != PackFiles.HEADER_SIZE || head[0] != 'P' || head[1] != 'A' || head[2] != 'C' || head[3] != 'K') {
          throw new IOException(pack.file(".pack") + " is not a pack");
        }
        long at = PackFiles.HEADER_SIZE;
        for (int i = 0; i < entries.size(); i++) {
          PackIndexFile.Entry e = entries.get(i);
          long next = i + 1 < entries.size() ? entries.get(i + 1).offset() : end;
          if (e.offset() != at || next <= at || next - at > Integer.MAX_VALUE) {
            throw new IOException(pack.file(".pack") + " and its index disagree at offset " + e.offset());
          }
          byte[] entry = in.readNBytes((int) (next - at));
          at = next;
          crc.reset();
          crc.update(entry);
          if ((int) crc.getValue() != e.crc()) {
            throw new IOException(pack.file(".pack") + " is damaged: the entry of " + e.id().name() + " does not match its CRC");
          }
          if (!written.containsKey(e.id())) {
            write(e, entry, idAt, pack);
          }
        }
      }
    }

    private void write(PackIndexFile.Entry e, byte[] entry, Map<Long, ObjectId> idAt, Pack pack) throws IOException {
      int type = (entry[0] >> 4) & 7;
      int p = 0;
      while ((entry[p] & 0x80) != 0) {
        p++;
      }
      p++; // past the type-and-size header
      byte[] bytes = entry;
      int entryCrc = e.crc();
      if (type == OBJ_OFS_DELTA) {
        int q = p;
        int c = entry[q++] & 0xff;
        long distance = c & 0x7f;
        while ((c & 0x80) != 0) {
          c = entry[q++] & 0xff;
          distance = ((distance + 1) << 7) | (c & 0x7f);
        }
        ObjectId base = idAt.get(e.offset() - distance);
        Long baseAt = base == null ? null : written.get(base);
        if (baseAt == null) {
          throw new IOException(pack.file(".pack") + ": the delta " + e.id().name() + " has no base before it");
        }
        byte[] rewritten = encodeDistance(offset - baseAt);
        bytes = new byte[p + rewritten.length + entry.length - q];
        System.arraycopy(entry, 0, bytes, 0, p);
        System.arraycopy(rewritten, 0, bytes, p, rewritten.length);
        System.arraycopy(entry, q, bytes, p + rewritten.length, entry.length - q);
        crc.reset();
        crc.update(bytes);
        entryCrc = (int) crc.getValue();
      } else if (type == OBJ_REF_DELTA) {
        refBases.add(ObjectId.fromRaw(entry, p));
      }
      o.write(bytes);
      written.put(e.id(), offset);
      out.add(new PackIndexFile.Entry(e.id(), offset, entryCrc));
      offset += bytes.length;
    }

    /** An offset delta's distance to its base, in Git's encoding (big-endian groups of 7 bits, each but the last minus one). */
    private static byte[] encodeDistance(long distance) {
      byte[] buf = new byte[10];
      int pos = buf.length - 1;
      buf[pos] = (byte) (distance & 0x7f);
      while ((distance >>>= 7) != 0) {
        buf[--pos] = (byte) (0x80 | (--distance & 0x7f));
      }
      return Arrays.copyOfRange(buf, pos, buf.length);
    }
  }
}
