package dev.quire.internal.index;

import dev.quire.layout.Layout;
import dev.quire.model.EntityType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The read index on disk, {@code .git/quire/read-index}: a header (the magic line
 * {@code quire read index}, the format number, the schema version, the commit), then per type
 * its folder name, the fields it keeps and a deflated section of rows (path, blob, id, parent
 * id, the kept values, each tagged: null, text, whole number, decimal number, true, false, instant, big integer),
 * and a CRC-32 of everything before it. A section is inflated the first time its type is
 * asked for, so opening a store and reading one type's first page costs that type only.
 * Anything unexpected — another format, another schema version, another list of kept
 * fields, a bad checksum — makes {@link #load} give nothing, and the index is rebuilt.
 */
public final class IndexFile {
  private IndexFile() {}

  static final byte[] MAGIC = "quire read index\n".getBytes(StandardCharsets.US_ASCII);
  /** The on-disk format; a file of another one is rebuilt. */
  public static final int FORMAT = 1;

  /** A type's rows as they lie in the file, inflated on first use. */
  record Section(List<String> keys, byte[] deflated) {
    TypeRows read(EntityType type) {
      TypeRows rows = new TypeRows(type, keys);
      // buffered: DataInputStream reads a number byte by byte, and each byte read from the
      // inflater was a call into zlib (a third of a cold first page's time)
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(
          new InflaterInputStream(new ByteArrayInputStream(deflated)), 1 << 16))) {
        int n = in.readInt();
        byte[] blob = new byte[20];
        for (int i = 0; i < n; i++) {
          String path = text(in);
          in.readFully(blob);
          String id = text(in);
          String parent = in.readBoolean() ? text(in) : null;
          Object[] values = new Object[keys.size()];
          for (int k = 0; k < values.length; k++) {
            values[k] = value(in);
          }
          rows.put(new Row(path, ObjectId.fromRaw(blob), id, parent, values));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("the read index is damaged: " + e.getMessage(), e);
      }
      return rows;
    }
  }

  /** Writes the index to {@code file} (a temporary file renamed over it). Returns its size in bytes. */
  public static long save(ReadIndex index, Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(FORMAT);
    out.writeInt(index.layout().version());
    byte[] commit = new byte[20];
    if (index.at() != null) {
      index.at().copyRawTo(commit, 0);
    }
    out.write(commit);
    Map<EntityType, TypeRows> all = index.all();
    out.writeInt(all.size());
    for (TypeRows rows : all.values()) {
      text(out, rows.type.folder());
      out.writeInt(rows.keys.size());
      for (String k : rows.keys) {
        text(out, k);
      }
      byte[] section = section(rows);
      out.writeInt(section.length);
      out.write(section);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes.toByteArray());
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return bytes.size();
  }

  private static byte[] section(TypeRows rows) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DeflaterOutputStream(bytes), 1 << 16))) {
      out.writeInt(rows.size());
      byte[] blob = new byte[20];
      for (Row r : rows.rowsForSaving()) {
        text(out, r.path());
        r.blob().copyRawTo(blob, 0);
        out.write(blob);
        text(out, r.id());
        out.writeBoolean(r.parentId() != null);
        if (r.parentId() != null) {
          text(out, r.parentId());
        }
        for (Object v : r.values()) {
          value(out, v);
        }
      }
    }
    return bytes.toByteArray();
  }

  /** The index in {@code file} for a store of {@code layout}, or null when there is none or it cannot be used. */
  public static ReadIndex load(Path file, Layout layout) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (IOException e) {
      return null;
    }
    if (all.length < MAGIC.length + 8 + 20 + 4 + 8) {
      return null;
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    long stored = 0;
    for (int i = all.length - 8; i < all.length; i++) {
      stored = (stored << 8) | (all[i] & 0xff);
    }
    if (stored != crc.getValue() || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - 8 - MAGIC.length))) {
      if (in.readInt() != FORMAT || in.readInt() != layout.version()) {
        return null;
      }
      byte[] commit = new byte[20];
      in.readFully(commit);
      boolean none = true;
      for (byte b : commit) {
        none &= b == 0;
      }
      ReadIndex index = new ReadIndex(layout, none ? null : ObjectId.fromRaw(commit));
      int types = in.readInt();
      for (int t = 0; t < types; t++) {
        EntityType type = ReadIndex.typeOf(text(in));
        int n = in.readInt();
        String[] keys = new String[n];
        for (int k = 0; k < n; k++) {
          keys[k] = text(in);
        }
        byte[] section = new byte[in.readInt()];
        in.readFully(section);
        if (type == null || !List.of(keys).equals(Keys.of(type))) {
          return null; // another version of Quire kept other fields: rebuild
        }
        index.unread.put(type, new Section(List.of(keys), section));
      }
      return index;
    } catch (IOException e) {
      return null;
    }
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String text(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 64 << 20) {
      throw new IOException("a text of " + n + " bytes");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void value(DataOutputStream out, Object v) throws IOException {
    if (v == null) {
      out.writeByte(0);
    } else if (v instanceof String s) {
      out.writeByte(1);
      text(out, s);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      out.writeByte(2);
      out.writeLong(((Number) v).longValue());
    } else if (v instanceof java.math.BigInteger b) {
      out.writeByte(7);
      text(out, b.toString());
    } else if (v instanceof Number n) {
      out.writeByte(3);
      out.writeDouble(n.doubleValue());
    } else if (v instanceof java.time.Instant t) {
      out.writeByte(6);
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    } else {
      out.writeByte(Boolean.TRUE.equals(v) ? 4 : 5);
    }
  }

  private static Object value(DataInputStream in) throws IOException {
    int tag = in.readByte();
    return switch (tag) {
      case 0 -> null;
      case 1 -> text(in);
      case 2 -> in.readLong();
      case 3 -> in.readDouble();
      case 4 -> Boolean.TRUE;
      case 5 -> Boolean.FALSE;
      case 6 -> java.time.Instant.ofEpochSecond(in.readLong(), in.readInt());
      case 7 -> new java.math.BigInteger(text(in));
      default -> throw new IOException("an unknown value tag " + tag);
    };
  }
}
