package dev.quire.schema;

import dev.quire.layout.Problem;
import dev.quire.model.EntityType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A revision validated file by file ({@link Validator#validate(CheckedRevision, Map,
 * java.util.function.Function)}): every file's content id and what checking it on its own
 * found, the ids its file names give, and its problems. The next revision starts from it and
 * reads and checks only the files that changed; the files' checks are shared, not copied.
 */
public final class CheckedRevision {
  final TreeMap<String, String> contentIds;
  final Map<String, Validator.Checked> checked;
  final Map<EntityType, Set<String>> ids;
  Map<String, Problem> lines;
  List<Problem> problems = List.of();

  CheckedRevision() {
    this(new TreeMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
  }

  private CheckedRevision(TreeMap<String, String> contentIds, Map<String, Validator.Checked> checked,
      Map<EntityType, Set<String>> ids, Map<String, Problem> lines) {
    this.contentIds = contentIds;
    this.checked = checked;
    this.ids = ids;
    this.lines = lines;
  }

  CheckedRevision copy() {
    Map<EntityType, Set<String>> idsCopy = new HashMap<>();
    ids.forEach((t, s) -> idsCopy.put(t, new HashSet<>(s)));
    return new CheckedRevision(new TreeMap<>(contentIds), new HashMap<>(checked), idsCopy, lines);
  }

  /** The revision's problems (errors and warnings), by path and line. */
  public List<Problem> problems() {
    return problems;
  }

  /** Its files' paths, in order. */
  public Set<String> paths() {
    return java.util.Collections.unmodifiableSet(contentIds.keySet());
  }

  /** The content id a file had when checked (null: no such file). */
  public String contentId(String path) {
    return contentIds.get(path);
  }
}
