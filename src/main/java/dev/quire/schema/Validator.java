package dev.quire.schema;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.layout.EntityPath;
import dev.quire.layout.Layout;
import dev.quire.layout.Problem;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.SecretRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * Checks the entity files of a store (all of them, at one schema version) the way a reviewer
 * or CI wants them checked: each file against its type's JSON Schema, its place and id against
 * its file name and its values against LiteChat's value sets ({@link ValueSets}: errors for
 * closed sets, warnings for open ones), then across files: unique constraints, references that
 * point nowhere, and secrets written in plaintext. Problems come with the file, the line where it can be found,
 * the JSON path of the field and what to do.
 */
public final class Validator {
  /** A reference from a field of one type to the id of another. */
  public record Reference(EntityType from, String field, EntityType to) {}

  /** The references between entities that LiteChat's data has (checked by validation and after merges). */
  public static List<Reference> references() {
    return REFERENCES;
  }

  private static final List<Reference> REFERENCES = List.of(
      new Reference(EntityTypes.CONVERSATIONS, "projectId", EntityTypes.PROJECTS),
      new Reference(EntityTypes.CONVERSATIONS, "syncRepoId", EntityTypes.SYNC_REPOS),
      new Reference(EntityTypes.INTERACTIONS, "conversationId", EntityTypes.CONVERSATIONS),
      new Reference(EntityTypes.PROJECTS, "parentId", EntityTypes.PROJECTS),
      new Reference(EntityTypes.TAG_RULE_LINKS, "tagId", EntityTypes.TAGS),
      new Reference(EntityTypes.TAG_RULE_LINKS, "ruleId", EntityTypes.RULES),
      new Reference(EntityTypes.PROVIDER_CONFIGS, "apiKeyId", EntityTypes.API_KEYS),
      new Reference(EntityTypes.PROMPT_TEMPLATES, "parentId", EntityTypes.PROMPT_TEMPLATES),
      new Reference(EntityTypes.INSTALLED_ITEMS, "sourceId", EntityTypes.MARKETPLACE_SOURCES));

  private final Layout layout;
  private final SchemaSet schemas;
  private final EntityCodec codec = new EntityCodec();

  public Validator(int version) {
    this.layout = Layout.forVersion(version);
    this.schemas = SchemaSet.forVersion(version);
  }

  /**
   * Validates a store's entity files.
   *
   * @param files every entity file of the store (path → bytes): cross-file checks need all
   * @param report the paths to report problems for (a pull request's changed files), or null
   *     for all
   * @return the problems, by path and line
   */
  public List<Problem> validate(SortedMap<String, byte[]> files, Set<String> report) {
    return validate(files.keySet(), path -> check(path, files.get(path), files.keySet(), false), ids(files.keySet()),
        (path, field, message) -> at(path, format(path), files.get(path), field, message), report);
  }

  /**
   * What checking one file on its own found: its problems, and a summary of its entity with the
   * fields the checks across files need (null when it is no sound entity file).
   */
  public record Checked(List<Problem> problems, Entity summary) {}

  /**
   * Validates a revision given as the changes from one validated before ({@code base}; null:
   * from nothing, {@code changes} then holds every file): each changed file is read and checked
   * on its own (with the interactions whose attachments changed), the others keep what their
   * check found, then the checks across files run over every file's summary. A push that
   * changes three files of a store of 100,000 reads and checks three files.
   *
   * @param changes path → content id (a Git blob id) of each file added or changed, null for
   *     each file removed
   * @param read the bytes of a file, asked only for files checked again and for a problem's line
   */
  public CheckedRevision validate(CheckedRevision base, Map<String, String> changes, Function<String, byte[]> read) {
    CheckedRevision next = base == null ? new CheckedRevision() : base.copy();
    Set<String> recheck = new java.util.TreeSet<>();
    for (Map.Entry<String, String> c : changes.entrySet()) {
      String path = c.getKey();
      if (next.contentIds.containsKey(path)) {
        parseQuietly(path).ifPresent(at -> next.ids.getOrDefault(at.type(), new java.util.HashSet<>()).remove(at.id()));
      }
      if (c.getValue() == null) {
        next.contentIds.remove(path);
        next.checked.remove(path);
      } else {
        next.contentIds.put(path, c.getValue());
        parseQuietly(path).ifPresent(at -> next.ids.computeIfAbsent(at.type(), t -> new java.util.HashSet<>()).add(at.id()));
        recheck.add(path);
      }
      int attachments = path.indexOf("/" + dev.quire.layout.Attachments.FOLDER + "/");
      if (attachments > 0) { // the interactions beside an attachment that came or went
        String folder = path.substring(0, attachments + 1);
        next.contentIds.subMap(folder, folder + Character.MAX_VALUE).keySet().stream()
            .filter(f -> f.indexOf('/', folder.length()) < 0).forEach(recheck::add);
      }
    }
    for (String path : recheck) {
      next.checked.put(path, check(path, read.apply(path), next.contentIds.keySet(), true));
    }
    Map<String, Problem> lines = new HashMap<>();
    next.problems = validate(next.contentIds.keySet(), next.checked::get, next.ids, (path, field, message) -> {
      // a problem across files, with its line: found again at every revision while it stands, so kept
      String key = path + '\n' + next.contentIds.get(path) + '\n' + field + '\n' + message;
      Problem p = next.lines.get(key);
      if (p == null) {
        p = at(path, format(path), read.apply(path), field, message);
      }
      lines.put(key, p);
      return p;
    }, null);
    next.lines = lines;
    return next;
  }

  private java.util.Optional<EntityPath> parseQuietly(String path) {
    try {
      return layout.parse(path);
    } catch (InvalidEntityException e) {
      return java.util.Optional.empty(); // reported by checkFile
    }
  }

  /** Makes the problem at a field of a file, with its line. */
  private interface At {
    Problem at(String path, String fieldPath, String message);
  }

  /** The ids of each type that the file names give (bad content still counts). */
  private Map<EntityType, Set<String>> ids(Set<String> paths) {
    Map<EntityType, Set<String>> ids = new HashMap<>();
    for (String path : paths) {
      parseQuietly(path).ifPresent(at -> ids.computeIfAbsent(at.type(), t -> new java.util.HashSet<>()).add(at.id()));
    }
    return ids;
  }

  private List<Problem> validate(Set<String> paths, Function<String, Checked> checked, Map<EntityType, Set<String>> ids,
      At problemAt, Set<String> report) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Entity> entities = new LinkedHashMap<>();
    for (String path : paths) {
      Checked c = checked.apply(path);
      problems.addAll(c.problems());
      if (c.summary() != null) {
        entities.put(path, c.summary());
      }
    }
    checkUniques(entities, problemAt, problems);
    checkReferences(entities, ids, problemAt, problems);
    return problems.stream()
        .filter(p -> report == null || report.contains(p.path()))
        .sorted(Comparator.comparing(Problem::path).thenComparingInt(Problem::line))
        .toList();
  }

  /** One file on its own: its schema, place, values and attachments; summarized to what the checks across files need. */
  private Checked check(String path, byte[] bytes, Set<String> paths, boolean summarize) {
    List<Problem> problems = new ArrayList<>();
    Entity e = checkFile(path, bytes, problems);
    if (e != null && e.type() == EntityTypes.INTERACTIONS && dev.quire.layout.Attachments.apart(layout)) {
      for (String hex : dev.quire.layout.Attachments.refs(e)) {
        String file = dev.quire.layout.Attachments.path(path, hex);
        if (!paths.contains(file)) {
          String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
          int at = text.indexOf(hex);
          int line = at < 0 ? 0 : (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
          problems.add(new Problem(path, line, 0, "contentSha256: the attachment's file " + file
              + " is missing; restore it or remove the attachment"));
        }
      }
    }
    return new Checked(List.copyOf(problems), e == null || !summarize ? e : e.only(ACROSS.get(e.type())));
  }

  /** The fields of each type that the checks across files read: its unique fields and its references. */
  private static final Map<EntityType, Set<String>> ACROSS = across();

  private static Map<EntityType, Set<String>> across() {
    Map<EntityType, Set<String>> out = new HashMap<>();
    for (EntityType t : EntityTypes.all()) {
      Set<String> fields = new java.util.HashSet<>();
      t.uniques().forEach(fields::addAll);
      REFERENCES.stream().filter(r -> r.from() == t).forEach(r -> fields.add(r.field()));
      out.put(t, Set.copyOf(fields));
    }
    return out;
  }

  private Entity checkFile(String path, byte[] bytes, List<Problem> problems) {
    EntityPath at;
    try {
      at = layout.parse(path).orElse(null);
    } catch (InvalidEntityException e) {
      problems.add(Problem.of(path, e));
      return null;
    }
    if (at == null) {
      return null; // not an entity file
    }
    Object tree;
    try {
      tree = codec.readTree(at.format(), bytes, path);
    } catch (MalformedFileException e) {
      problems.add(Problem.of(path, e));
      return null;
    }
    List<SchemaSet.Violation> violations = schemas.validate(at.type(), tree == null ? Map.of() : tree);
    for (SchemaSet.Violation v : violations) {
      problems.add(at(path, at.format(), bytes, v.path(), v.message()));
    }
    if (!violations.isEmpty()) {
      return null;
    }
    Entity entity;
    try {
      entity = layout.decode(path, bytes, codec);
    } catch (MalformedFileException | InvalidEntityException e) {
      problems.add(Problem.of(path, e));
      return null;
    }
    for (String field : at.type().secretFields()) {
      if (entity.get(field) instanceof String s && !SecretRef.isReference(s)) {
        problems.add(at(path, at.format(), bytes, "$." + field, "a secret in plaintext; it must never be"
            + " committed: save the entity through Quire (which keeps the value in the local secret store"
            + " and writes a secret: reference), and remove the value from the history"));
      }
    }
    ValueSets.check(entity, (field, finding) -> {
      Problem p = at(path, at.format(), bytes, field, finding.message());
      problems.add(finding.warning() ? p.asWarning() : p);
    });
    return entity;
  }

  /** A problem at a field of a file, with the field's line when it can be found. */
  private Problem at(String path, Format format, byte[] bytes, String fieldPath, String message) {
    InvalidEntityException e = codec.withLine(new InvalidEntityException(path, fieldPath, message), format, bytes);
    return Problem.of(path, e);
  }

  private void checkUniques(Map<String, Entity> entities, At problemAt, List<Problem> problems) {
    Map<dev.quire.model.EntityType, List<Map.Entry<String, Entity>>> byType = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Entity> e : entities.entrySet()) {
      byType.computeIfAbsent(e.getValue().type(), t -> new ArrayList<>()).add(e);
    }
    byType.forEach((type, files1) -> {
      for (var c : dev.quire.model.UniqueKeys.clashes(type, files1, Map.Entry::getValue)) {
        String path = c.second().getKey();
        String shown = c.fields().size() == 1
            ? c.fields().get(0) + " " + dev.quire.codec.JsonText.quote(String.valueOf(c.values().get(0)))
            : String.join("+", c.fields()) + " " + c.values();
        problems.add(problemAt.at(path, "$." + c.fields().get(0),
            shown + " is already taken by " + c.first().getKey() + "; it must be unique among " + type.folder()));
      }
    });
  }

  private void checkReferences(Map<String, Entity> entities, Map<EntityType, Set<String>> ids,
      At problemAt, List<Problem> problems) {
    for (Map.Entry<String, Entity> e : entities.entrySet()) {
      Entity entity = e.getValue();
      for (Reference r : REFERENCES) {
        if (r.from() != entity.type() || !(entity.get(r.field()) instanceof String target)) {
          continue;
        }
        if (!ids.getOrDefault(r.to(), Set.of()).contains(target)) {
          problems.add(problemAt.at(e.getKey(), "$." + r.field(),
              "no " + r.to().folder() + " with id " + dev.quire.codec.JsonText.quote(target)
                  + ": the reference points nowhere; create it, or correct or clear " + r.field()));
        }
      }
    }
  }

  /** Whether {@code haystack} contains {@code needle}. */
  public static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static Format format(String path) {
    return Format.ofFileName(path).orElse(Format.YAML);
  }
}
