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
        lines.add(verb + " " + (s.type() == null ? e.getKey() : s.type().folder() + " " + s.id()));
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
      return tx.message.lines().findFirst().orElse("update");
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
        return "delete " + noun + " " + s.id();
      }
      String label = s.entity().label();
      return "save " + noun + " " + s.id() + (label == null ? "" : ": \"" + label + "\"");
    }
    return (saves > 0 ? "save " + saves + (deletes > 0 ? ", " : "") : "")
        + (deletes > 0 ? "delete " + deletes : "") + " entities";
  }

  /** "conversation", "prompt template" — from the shape's name. */
  static String noun(EntityType type) {
    return type.shape().name().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }
}
