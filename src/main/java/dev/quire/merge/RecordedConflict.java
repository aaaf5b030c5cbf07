package dev.quire.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A conflict a merge recorded ({@link TreeMerge#CONFLICTS}) and nobody has settled yet: the
 * record file, the entity file it is about (with its type and id when that is an entity file),
 * and what happened to each field.
 *
 * @param type the entity type's folder name, or null when the path is not an entity file
 */
public record RecordedConflict(String file, String path, String type, String id, List<Field> fields) {

  /**
   * One field: what the merge kept and set aside ({@code lost}) when the merge policy chose
   * between two values ({@code hasValues}), and the rule it followed. Values are plain data
   * (strings, numbers, booleans, lists, maps) as the record file holds them.
   */
  public record Field(String field, boolean hasValues, Object kept, Object lost, String rule) {}

  public RecordedConflict {
    Objects.requireNonNull(file, "file == null");
    fields = List.copyOf(fields);
  }

  /** Reads a record file's tree (as the codec read it); null when it is not a conflict record. */
  public static RecordedConflict of(String file, Object tree) {
    if (!(tree instanceof Map<?, ?> m) || !(m.get("path") instanceof String path)) {
      return null;
    }
    List<Field> fields = new ArrayList<>();
    if (m.get("conflicts") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> f) {
          fields.add(new Field(String.valueOf(f.get("field")), f.containsKey("lost"), f.get("kept"), f.get("lost"),
              f.get("rule") == null ? null : String.valueOf(f.get("rule"))));
        }
      }
    }
    return new RecordedConflict(file, path, m.get("type") instanceof String t ? t : null,
        m.get("id") == null ? null : String.valueOf(m.get("id")), fields);
  }

  /** The record as its file holds it (path, type, id, conflicts), to print or write. */
  public Map<String, Object> tree() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("path", path);
    if (type != null) {
      r.put("type", type);
      r.put("id", id);
    }
    List<Map<String, Object>> list = new ArrayList<>();
    for (Field f : fields) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("field", f.field());
      if (f.hasValues()) {
        m.put("kept", f.kept());
        m.put("lost", f.lost());
      }
      if (f.rule() != null) {
        m.put("rule", f.rule());
      }
      list.add(m);
    }
    r.put("conflicts", list);
    return r;
  }
}
