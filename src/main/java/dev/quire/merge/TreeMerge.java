package dev.quire.merge;

import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.codec.JsonText;
import dev.quire.layout.EntityPath;
import dev.quire.layout.Layout;
import dev.quire.model.Entity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The semantic merge of two lines of a store's history against their merge base, path by
 * path: a file changed on one side takes that side; an entity changed on both sides is merged
 * field by field ({@link EntityMerge}); an entity deleted on one side and edited on the other
 * is kept as edited; text files changed on both sides are merged line by line; other files
 * changed on both sides (binary, or overlapping edits) keep one version at the path and the
 * other next to it ({@code <path>.conflict-<hash>}). Every conflict is recorded as a file
 * {@code .quire/conflicts/<hash>.yaml} that {@code quire conflicts} lists and
 * {@code quire resolve} settles. Nothing depends on which side is "ours", so every replica
 * computes the same files from the same three versions.
 */
public final class TreeMerge {
  private TreeMerge() {}

  /** Where conflict records live. */
  public static final String CONFLICTS = ".quire/conflicts";

  /** The three versions of one path (null where the path has no file). */
  public record Versions(byte[] base, byte[] ours, byte[] theirs) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Versions v && java.util.Arrays.equals(base, v.base) && java.util.Arrays.equals(ours, v.ours)
          && java.util.Arrays.equals(theirs, v.theirs);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(java.util.Arrays.hashCode(base), java.util.Arrays.hashCode(ours),
          java.util.Arrays.hashCode(theirs));
    }

    @Override
    public String toString() {
      return "Versions[base=" + length(base) + ", ours=" + length(ours) + ", theirs=" + length(theirs) + "]";
    }

    private static String length(byte[] b) {
      return b == null ? "absent" : b.length + " bytes";
    }
  }

  /** The merged content of every path that differs from ours (null: delete), and the conflicts. */
  public record Outcome(SortedMap<String, byte[]> changes, int conflicts) {
    public Outcome {
      changes = java.util.Collections.unmodifiableSortedMap(changes); // merge() hands over a map of its own
    }
  }

  public static Outcome merge(Layout layout, EntityCodec codec, SortedMap<String, Versions> paths) {
    SortedMap<String, byte[]> out = new TreeMap<>();
    int conflicts = 0;
    for (Map.Entry<String, Versions> e : paths.entrySet()) {
      String path = e.getKey();
      Versions v = e.getValue();
      byte[] merged;
      if (Arrays.equals(v.ours(), v.theirs()) || Arrays.equals(v.theirs(), v.base())) {
        merged = v.ours();
      } else if (Arrays.equals(v.ours(), v.base())) {
        merged = v.theirs();
      } else {
        EntityPath at = entityPath(layout, path);
        Map<String, Object> record = null;
        if (at != null) {
          Entity base = decode(layout, codec, path, v.base());
          Entity ours = decode(layout, codec, path, v.ours());
          Entity theirs = decode(layout, codec, path, v.theirs());
          boolean readable = (v.base() == null || base != null) && (v.ours() == null || ours != null)
              && (v.theirs() == null || theirs != null);
          if (readable && (ours == null || theirs == null)) {
            Entity kept = ours == null ? theirs : ours;
            merged = ours == null ? v.theirs() : v.ours();
            record = record(path, at, List.of(Map.of("field", "$", "rule",
                "deleted on one side, edited on the other: the edited entity is kept")));
            if (kept == null) {
              merged = null;
            }
          } else if (readable) {
            EntityMerge.Result r = EntityMerge.merge(base, ours, theirs);
            merged = codec.encode(r.entity(), at.format());
            if (!r.conflicts().isEmpty()) {
              List<Object> fields = new ArrayList<>();
              for (EntityMerge.Conflict c : r.conflicts()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("field", c.field());
                f.put("kept", plain(codec, c.kept()));
                f.put("lost", plain(codec, c.lost()));
                f.put("rule", c.rule());
                fields.add(f);
              }
              record = record(path, at, fields);
            }
          } else {
            merged = keepBoth(path, v, out);
            record = record(path, null, List.of(Map.of("field", "$", "rule",
                "a version does not decode: both kept, the other as " + path + ".conflict-…")));
          }
        } else if ((merged = textMerge(v)) == null) {
          merged = keepBoth(path, v, out);
          record = record(path, null, List.of(Map.of("field", "$", "rule",
              "changed on both sides: one kept here, the other next to it as " + path + ".conflict-…")));
        }
        if (record != null) {
          out.put(recordPath(path), codec.writeTree(record, Format.YAML).getBytes(StandardCharsets.UTF_8));
          conflicts++;
        }
      }
      if (!Arrays.equals(merged, v.ours())) {
        out.put(path, merged);
      }
    }
    return new Outcome(out, conflicts);
  }

  /**
   * The line-based three-way merge of a text file changed on both sides (project notes,
   * Markdown), or null when it is binary, deleted on a side, or the edits overlap.
   */
  static byte[] textMerge(Versions v) {
    if (v.ours() == null || v.theirs() == null || binary(v.ours()) || binary(v.theirs())
        || (v.base() != null && binary(v.base()))) {
      return null;
    }
    org.eclipse.jgit.diff.RawText base = new org.eclipse.jgit.diff.RawText(v.base() == null ? new byte[0] : v.base());
    org.eclipse.jgit.diff.RawText ours = new org.eclipse.jgit.diff.RawText(v.ours());
    org.eclipse.jgit.diff.RawText theirs = new org.eclipse.jgit.diff.RawText(v.theirs());
    org.eclipse.jgit.merge.MergeResult<org.eclipse.jgit.diff.RawText> r = new org.eclipse.jgit.merge.MergeAlgorithm()
        .merge(org.eclipse.jgit.diff.RawTextComparator.DEFAULT, base, ours, theirs);
    if (r.containsConflicts()) {
      return null;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      new org.eclipse.jgit.merge.MergeFormatter().formatMerge(out, r, "base", "ours", "theirs", StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return null;
    }
    return out.toByteArray();
  }

  private static boolean binary(byte[] bytes) {
    return org.eclipse.jgit.diff.RawText.isBinary(bytes);
  }

  /** Keeps the greater version at the path and the other beside it; a deletion loses. */
  private static byte[] keepBoth(String path, Versions v, Map<String, byte[]> out) {
    if (v.ours() == null || v.theirs() == null) {
      return v.ours() == null ? v.theirs() : v.ours();
    }
    boolean oursFirst = Arrays.compareUnsigned(v.ours(), v.theirs()) > 0;
    byte[] kept = oursFirst ? v.ours() : v.theirs();
    byte[] other = oursFirst ? v.theirs() : v.ours();
    out.put(path + ".conflict-" + hash(other).substring(0, 8), other);
    return kept;
  }

  /** The record file of a conflict at {@code path}. */
  public static String recordPath(String path) {
    return CONFLICTS + "/" + hash(path.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + ".yaml";
  }

  /** A conflict record's content. */
  public static byte[] recordBytes(EntityCodec codec, String path, EntityPath at, List<?> fields) {
    return codec.writeTree(record(path, at, fields), Format.YAML).getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Object> record(String path, EntityPath at, List<?> fields) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("path", path);
    if (at != null) {
      r.put("type", at.type().folder());
      r.put("id", at.id());
    }
    r.put("conflicts", fields);
    return r;
  }

  /** A value as plain data for a YAML record (dates as text): its JSON form read back. */
  private static Object plain(EntityCodec codec, Object v) {
    return v == null ? null : codec.readTree(Format.JSON, JsonText.of(v).getBytes(StandardCharsets.UTF_8), "value");
  }

  private static EntityPath entityPath(Layout layout, String path) {
    try {
      return layout.parse(path).orElse(null);
    } catch (StoreException e) {
      return null;
    }
  }

  private static Entity decode(Layout layout, EntityCodec codec, String path, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return layout.decode(path, bytes, codec);
    } catch (StoreException e) {
      return null;
    }
  }

  static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
