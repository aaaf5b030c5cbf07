package dev.quire.sync;

import dev.quire.NotFoundException;
import dev.quire.codec.Format;
import dev.quire.internal.engine.CommitView;
import dev.quire.internal.engine.Seam;
import dev.quire.merge.RecordedConflict;
import dev.quire.merge.TreeMerge;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The conflicts that merges recorded ({@code .quire/conflicts/}) and settling them.
 * {@code Conflicts.of(store)}.
 */
public final class Conflicts {
  private final Seam seam;

  private Conflicts(Seam seam) {
    this.seam = seam;
  }

  public static Conflicts of(dev.quire.store.Store store) {
    return new Conflicts(store.seam());
  }

  /** The conflicts recorded at the head and not settled yet. */
  public List<RecordedConflict> list() {
    CommitView head = seam.view(seam.refresh());
    List<RecordedConflict> out = new ArrayList<>();
    try (ObjectReader reader = seam.newReader()) {
      for (CommitView.Located l : head.walk(reader, TreeMerge.CONFLICTS, false)) {
        Object tree = seam.codec().readTree(Format.YAML, seam.bytes(reader, l.blob(), 1 << 20, l.path()), l.path());
        RecordedConflict c = RecordedConflict.of(l.path(), tree);
        if (c != null) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /**
   * Settles a recorded conflict (by its record file, or by {@code type/id} of its entity), as
   * one commit: the record is removed and, with {@code useLost}, the values the merge policy
   * set aside replace the kept ones (top-level and nested fields).
   */
  public String resolve(String which, boolean useLost) {
    RecordedConflict c = list().stream()
        .filter(r -> r.file().equals(which) || r.file().endsWith("/" + which) || r.file().endsWith("/" + which + ".yaml")
            || which.equals(r.type() + "/" + r.id()))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("no recorded conflict \"" + which + "\"; see quire conflicts"));
    return seam.transact(tx -> {
      tx.removeAt(c.file());
      if (useLost && c.type() != null) {
        EntityType et = EntityTypes.find(c.type()).orElseThrow();
        Entity e = tx.get(et, c.id()).orElseThrow(() -> new NotFoundException(
            "no " + et.folder() + " with " + et.idField() + " \"" + c.id() + "\" (the conflict's entity)"));
        Map<String, Object> fields = new LinkedHashMap<>(e.fields());
        for (RecordedConflict.Field field : c.fields()) {
          if (field.field().startsWith("$.") && field.hasValues()) {
            setPath(fields, field.field().substring(2).split("\\."), field.lost());
          }
        }
        tx.put(Entity.of(et, fields));
      }
      tx.message("resolve conflict in " + c.path() + (useLost ? ": the other values" : ": as merged"));
    });
  }

  @SuppressWarnings("unchecked")
  private static void setPath(Map<String, Object> map, String[] keys, Object value) {
    Map<String, Object> at = map;
    for (int i = 0; i < keys.length - 1; i++) {
      Object next = at.get(keys[i]);
      Map<String, Object> copy = next instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
          : new LinkedHashMap<>();
      at.put(keys[i], copy);
      at = copy;
    }
    at.put(keys[keys.length - 1], value);
  }
}
