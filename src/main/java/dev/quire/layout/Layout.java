package dev.quire.layout;

import dev.quire.InvalidEntityException;
import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.FieldPaths;
import dev.quire.model.Placement;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The layout of a store's files at one schema version: which path holds which entity, and
 * back. Paths are repository-relative with {@code /} separators:
 *
 * <pre>
 * vN/&lt;folder&gt;/&lt;id&gt;.yaml                                 most types (rules, tags, …)
 * vN/conversations/&lt;a&gt;/&lt;b&gt;/&lt;id&gt;.yaml                     conversations
 * vN/interactions/&lt;a&gt;/&lt;b&gt;/&lt;conversationId&gt;/&lt;id&gt;.yaml   a conversation's interactions
 * vN/settings/&lt;name&gt;.yaml                                 the setting settings:&lt;name&gt;
 * v2/interactions/&lt;a&gt;/&lt;b&gt;/&lt;conversationId&gt;/attachments/&lt;sha256&gt;.bin
 *                                                          attachment contents ({@link Attachments})
 * </pre>
 *
 * File names come from ids through {@link FileNames}; {@code <a>/<b>} is
 * {@link FileNames#shard} of the (conversation's) file name, its first two characters, so a commit rewrites only small
 * trees however many conversations there are. A setting whose key does not start with
 * {@code settings:} is stored as {@code ~<key>.yaml}. The marketplace index cache is not in
 * the tree; {@link #cachePath} places it under the repository's private directory.
 */
public final class Layout {
  private final int version;
  private final String versionDir;

  private Layout(int version) {
    if (version < 1) {
      throw new IllegalArgumentException("schema version < 1: " + version);
    }
    this.version = version;
    this.versionDir = "v" + version;
  }

  private static final java.util.regex.Pattern VERSION_DIR = java.util.regex.Pattern.compile("v([1-9][0-9]{0,3})");

  /**
   * The schema version a top-level folder name stands for ({@code v1} → 1, up to v9999), or 0
   * when it is not a version folder: the one place that knows how version folders are named.
   */
  public static int versionOfFolder(String name) {
    java.util.regex.Matcher m = VERSION_DIR.matcher(name);
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The schema version of the version folder a path lies in ({@code v2/conversations/…} → 2), or 0. */
  public static int versionOfPath(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? 0 : versionOfFolder(path.substring(0, slash));
  }

  /**
   * The schema version of a store whose top-level folders are {@code names}, or 0 when none is
   * a version folder.
   *
   * @throws StoreException naming {@code where} when there is more than one: a store holds exactly one
   */
  public static int versionAmong(java.util.Collection<String> names, Object where) {
    java.util.SortedMap<Integer, String> versions = new java.util.TreeMap<>();
    for (String name : names) {
      int v = versionOfFolder(name);
      if (v > 0) {
        versions.put(v, name);
      }
    }
    if (versions.size() > 1) {
      throw new StoreException(where + ": more than one version folder (" + String.join(", ", versions.values())
          + "); a store holds exactly one, finish or undo the migration");
    }
    return versions.isEmpty() ? 0 : versions.firstKey();
  }

  /** The layout of schema version {@code version} ({@code v1/}, {@code v2/}, …). */
  public static Layout forVersion(int version) {
    return new Layout(version);
  }

  public int version() {
    return version;
  }

  /** The version directory's name, {@code v1}. */
  public String versionDir() {
    return versionDir;
  }

  /** The folder holding all files of a type: {@code v1/conversations}. */
  public String folderOf(EntityType type) {
    requireVersioned(type);
    return versionDir + "/" + type.folder();
  }

  /** The path of an entity's file. */
  public EntityPath pathOf(Entity entity, Format format) {
    return pathOf(entity.type(), entity.id(), entity.parentId(), format);
  }

  /**
   * The path of the file for {@code id}.
   *
   * @param parentId the parent's id for grouped types (an interaction's conversation), else
   *     ignored
   * @throws InvalidEntityException when the id (or parent id) cannot be a file name
   */
  public EntityPath pathOf(EntityType type, String id, String parentId, Format format) {
    requireVersioned(type);
    Objects.requireNonNull(format, "format == null");
    String stem = stem(type, id);
    StringBuilder sb = new StringBuilder(128).append(versionDir).append('/').append(type.folder()).append('/');
    String parent = null;
    switch (type.placement()) {
      case SHARDED -> FileNames.appendShard(sb, stem).append('/');
      case GROUPED -> {
        if (parentId == null) {
          throw new InvalidEntityException(type.folder() + " " + id,
              "$." + type.parentField(), "missing; it decides where the file goes");
        }
        String parentStem = encode(type, parentId, type.parentField());
        FileNames.appendShard(sb, parentStem).append('/').append(parentStem).append('/');
        parent = parentId;
      }
      default -> { }
    }
    sb.append(stem).append(format.extension());
    return new EntityPath(type, id, parent, format, sb.toString());
  }

  /**
   * What a repository path holds. Empty for paths outside this version's entity folders
   * (the manifest, project files, other documents).
   *
   * @throws InvalidEntityException for a file inside an entity folder that is not where an
   *     entity file can be (wrong extension, wrong shard, non-canonical file name, too deep)
   */
  public Optional<EntityPath> parse(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length < 3 || !parts[0].equals(versionDir)) {
      return Optional.empty();
    }
    Optional<EntityType> found = EntityTypes.find(parts[1]);
    if (found.isEmpty() || !found.get().isVersioned() || !found.get().folder().equals(parts[1])) {
      throw new InvalidEntityException(path, null, "\"" + parts[1] + "\" is not an entity"
          + " folder; the folders of " + versionDir + "/ are " + versionedFolders());
    }
    EntityType type = found.get();
    if (type.placement() == Placement.GROUPED && Attachments.apart(this) && parts.length == 7
        && parts[5].equals(Attachments.FOLDER) && parts[6].matches("[0-9a-f]{64}\\.bin")) {
      return Optional.empty(); // an attachment's content (schema v2), not an entity file
    }
    int depth = switch (type.placement()) {
      case SHARDED -> 5;
      case GROUPED -> 6;
      default -> 3;
    };
    String name = parts[parts.length - 1];
    Optional<Format> format = Format.ofFileName(name);
    if (parts.length != depth || format.isEmpty()) {
      throw new InvalidEntityException(path, null, "not where a " + type.folder()
          + " file can be; expected " + example(type));
    }
    String stem = name.substring(0, name.length() - format.get().extension().length());
    String id;
    String parentId = null;
    try {
      id = idOf(type, stem);
      if (type.placement() == Placement.GROUPED) {
        parentId = FileNames.decode(parts[4]);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidEntityException(path, null, e.getMessage());
    }
    EntityPath expected = pathOf(type, id, parentId, format.get());
    if (!expected.path().equals(path)) {
      throw new InvalidEntityException(path, null, "misplaced file; the file for "
          + type.folder() + " \"" + id + "\" belongs at " + expected.path());
    }
    return Optional.of(expected);
  }

  /**
   * Decodes the file at {@code path} and checks that it holds the entity its path names: the
   * id (and, for interactions, the conversation id) must match the file name.
   *
   * @throws InvalidEntityException when the path is not an entity path or does not match
   */
  public Entity decode(String path, byte[] bytes, EntityCodec codec) {
    EntityPath at = parse(path).orElseThrow(() -> new InvalidEntityException(path, null,
        "not an entity file; entity files live under " + versionDir + "/<type>/"));
    Entity entity = codec.decode(at.type(), at.format(), bytes, path);
    check(at, entity.type().idField(), entity.id(), at.id(), bytes, codec);
    if (at.parentId() != null) {
      check(at, at.type().parentField(), entity.parentId(), at.parentId(), bytes, codec);
    }
    return entity;
  }

  private static void check(EntityPath at, String field, String actual, String expected,
      byte[] bytes, EntityCodec codec) {
    if (!expected.equals(actual)) {
      String fieldPath = FieldPaths.child("$", field);
      throw codec.withLine(new InvalidEntityException(at.path(), fieldPath, "\"" + actual
          + "\" does not match the file's place (" + at.path() + " holds " + field + " \""
          + expected + "\"); move the file or correct the " + field), at.format(), bytes);
    }
  }

  /**
   * Where the cache entry of a cache type (the marketplace index) lives, relative to the
   * repository's private directory ({@code .git/}).
   */
  public static String cachePath(EntityType type, String id) {
    if (type.isVersioned()) {
      throw new IllegalArgumentException(type + " is not a cache type");
    }
    return "quire/cache/" + type.folder() + "/" + FileNames.encode(id) + ".json";
  }

  /**
   * Resolves a repository-relative path against a directory, refusing any path that would
   * leave it ({@code ..}, absolute paths, empty segments).
   */
  public static Path resolve(Path root, String relativePath) {
    if (relativePath.isEmpty() || relativePath.startsWith("/") || relativePath.contains("\\")) {
      throw new IllegalArgumentException("not a safe relative path: \"" + relativePath + "\"");
    }
    for (String part : relativePath.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("not a safe relative path: \"" + relativePath + "\"");
      }
    }
    Path resolved = root.resolve(relativePath.replace("/", root.getFileSystem().getSeparator())).normalize();
    if (!resolved.startsWith(root.normalize())) {
      throw new IllegalArgumentException("path escapes its folder: \"" + relativePath + "\"");
    }
    return resolved;
  }

  private static String stem(EntityType type, String id) {
    String prefix = type.keyPrefix();
    if (prefix != null) {
      if (id.startsWith(prefix) && id.length() > prefix.length()) {
        return encode(type, id.substring(prefix.length()), type.idField());
      }
      return "~" + encode(type, id, type.idField());
    }
    return encode(type, id, type.idField());
  }

  private static String idOf(EntityType type, String stem) {
    String prefix = type.keyPrefix();
    if (prefix != null) {
      return stem.startsWith("~") ? FileNames.decode(stem.substring(1))
          : prefix + FileNames.decode(stem);
    }
    return FileNames.decode(stem);
  }

  private static String encode(EntityType type, String id, String field) {
    try {
      return FileNames.encode(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidEntityException(type.folder() + " \"" + id + "\"", "$." + field, e.getMessage());
    }
  }

  private String example(EntityType type) {
    String base = versionDir + "/" + type.folder() + "/";
    return switch (type.placement()) {
      case SHARDED -> base + "<a>/<b>/<id>.yaml (or .json), <a> and <b> the id's first two characters";
      case GROUPED -> base + "<a>/<b>/<" + type.parentField() + ">/<id>.yaml (or .json), <a> and <b> the "
          + type.parentField() + "'s first two characters";
      default -> base + "<" + type.idField() + ">.yaml (or .json)";
    };
  }

  private static void requireVersioned(EntityType type) {
    if (!type.isVersioned()) {
      throw new IllegalArgumentException(type + " is a cache and has no place in the tree");
    }
  }

  private static String versionedFolders() {
    return String.join(", ", EntityTypes.versioned().stream().map(EntityType::folder).toList());
  }
}
