package dev.quire.internal.engine;

import dev.quire.model.EntityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Commit messages of transactions: a short human subject ({@code save conversation 8fK2…:
 * "Trip plan"}), the changes one per line for bigger ones, and a {@code Quire-Changes:} trailer.
 */
final class CommitMessages {
  private CommitMessages() {}

  static String message(Tx tx, Map<String, ObjectId> headBlobs, Map<String, ObjectId> changes) {
    StringBuilder sb = new StringBuilder(subject(tx, headBlobs, changes)).append("\n");
    List<String> lines = new ArrayList<>();
    int count = 0;
    for (Map.Entry<String, Staged> e : tx.staged.entrySet()) {
      if (Objects.equals(headBlobs.get(e.getKey()), changes.get(e.getKey()))) {
        continue;
      }
      if (++count <= MESSAGE_LINES) {
        Staged s = e.getValue();
        String verb = s.isDelete() ? "delete" : headBlobs.get(e.getKey()) == null ? "create" : "update";
        lines.add(verb + " " + (s.type() == null ? e.getKey() : s.type().folder() + " " + printable(s.id(), ID_CHARS)));
      }
    }
    if (count > 1) {
      sb.append('\n');
      lines.forEach(l -> sb.append(l).append('\n'));
      if (count > lines.size()) {
        sb.append("… and ").append(count - lines.size()).append(" more\n");
      }
    }
    sb.append("\nQuire-Changes: ").append(count).append('\n');
    return sb.toString();
  }

  /** Changes listed one per line in a commit message; the rest are counted. */
  private static final int MESSAGE_LINES = 50;

  static String subject(Tx tx, Map<String, ObjectId> headBlobs, Map<String, ObjectId> changes) {
    if (tx.message != null) {
      return printable(tx.message.lines().findFirst().orElse("update"), 200);
    }
    Map.Entry<String, Staged> only = null;
    long saves = 0;
    long deletes = 0;
    for (Map.Entry<String, Staged> e : tx.staged.entrySet()) {
      if (!Objects.equals(headBlobs.get(e.getKey()), changes.get(e.getKey()))) {
        only = e;
        if (e.getValue().isDelete()) {
          deletes++;
        } else {
          saves++;
        }
      }
    }
    if (saves + deletes == 1) {
      Staged s = only.getValue();
      if (s.type() == null) {
        return (s.isDelete() ? "delete file " : "save file ") + only.getKey();
      }
      String noun = noun(s.type());
      if (s.isDelete()) {
        return "delete " + noun + " " + printable(s.id(), ID_CHARS);
      }
      String label = s.entity().label();
      return "save " + noun + " " + printable(s.id(), ID_CHARS) + (label == null ? "" : ": \"" + printable(label, LABEL_CHARS) + "\"");
    }
    return (saves > 0 ? "save " + saves + (deletes > 0 ? ", " : "") : "")
        + (deletes > 0 ? "delete " + deletes : "") + " entities";
  }

  private static final int ID_CHARS = 100;
  private static final int LABEL_CHARS = 80;

  /**
   * Text from an entity as it may appear in a commit message: control characters (NUL, line
   * breaks: {@code git fsck} refuses a NUL in a commit, and a line break would forge lines or
   * trailers) written {@code \\uXXXX}, and cut to {@code max} characters with an ellipsis.
   */
  static String printable(String text, int max) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 8);
    int i = 0;
    for (; i < text.length() && sb.length() < max; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (i < text.length()) {
      if (Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
        sb.setLength(sb.length() - 1);
      }
      sb.append('…');
    }
    return sb.toString();
  }

  /** "conversation", "prompt template" — from the shape's name. */
  static String noun(EntityType type) {
    return type.shape().name().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }
}
