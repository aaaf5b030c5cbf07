package dev.quire.internal.engine;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.StoreException;
import dev.quire.internal.index.Row;
import dev.quire.codec.Format;
import dev.quire.internal.git.Folders;
import dev.quire.layout.Attachments;
import dev.quire.layout.FileNames;
import dev.quire.layout.Problem;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.Placement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A commit's entities and files ({@link Reads}) read straight from one commit's tree. Entities are decoded through the
 * store's blob-keyed cache, so listing a type again costs a tree walk, not a parse.
 */
public class CommitView implements Reads {
  final Engine core;
  final ObjectId commit;
  final ObjectId tree;

  CommitView(Engine core, ObjectId commit, ObjectId tree) {
    this.core = core;
    this.commit = commit;
    this.tree = tree;
  }

  /** The commit read (null for the empty store). */
  public ObjectId commit() {
    return commit;
  }

  /** Its tree (null for the empty store). */
  public ObjectId tree() {
    return tree;
  }

  @Override
  public String commitId() {
    return commit == null ? null : commit.name();
  }

  @Override
  public Optional<Entity> get(EntityType type, String id) {
    requireVersioned(type);
    Objects.requireNonNull(id, "id == null");
    try (ObjectReader reader = core.newReader()) {
      Located at = locate(reader, type, id);
      return at == null ? Optional.empty() : Optional.of(read(reader, at.path, at.blob));
    }
  }

  /** A path and the blob it holds. */
  public record Located(String path, ObjectId blob) {}

  /** Where the entity's file is in this tree, or null. */
  public Located locate(ObjectReader reader, EntityType type, String id) {
    return locate(reader, type, id, null);
  }

  /**
   * Like {@link #locate(ObjectReader, EntityType, String)}, looking first under
   * {@code expectedParent} (the conversation an interaction says it belongs to).
   */
  public Located locate(ObjectReader reader, EntityType type, String id, String expectedParent) {
    if (tree == null || !hasFolderOf(reader, type)) {
      return null; // no file of the type at all (a first import writes 100,000 of them)
    }
    if (type.placement() == Placement.GROUPED) {
      if (expectedParent != null) {
        Located direct = candidates(reader, type, id, expectedParent);
        if (direct != null) {
          return direct;
        }
      }
      if (core.hintsComplete(this)) {
        String parent = core.parentHint(id);
        return parent == null || parent.equals(expectedParent) ? null : candidates(reader, type, id, parent);
      }
      String parent = core.parentHint(id);
      if (parent != null && !parent.equals(expectedParent)) {
        Located hinted = candidates(reader, type, id, parent);
        if (hinted != null) {
          return hinted;
        }
      }
      String stem;
      try {
        stem = FileNames.encode(id);
      } catch (IllegalArgumentException e) {
        return null;
      }
      Located found = null;
      for (Located l : walk(reader, core.layout().folderOf(type), true)) {
        String[] parts = l.path.split("/");
        String name = parts[parts.length - 1];
        int dot = name.lastIndexOf('.');
        try {
          String fileId = FileNames.decode(dot < 0 ? name : name.substring(0, dot));
          core.hint(fileId, FileNames.decode(parts[parts.length - 2]));
        } catch (IllegalArgumentException e) {
          // a misplaced file; reported when it is read
        }
        if (found == null && (name.equals(stem + ".yaml") || name.equals(stem + ".json"))) {
          found = l;
        }
      }
      return found;
    }
    return candidates(reader, type, id, null);
  }

  private Located candidates(ObjectReader reader, EntityType type, String id, String parent) {
    String yaml;
    try {
      yaml = core.layout().pathOf(type, id, parent, Format.YAML).path();
    } catch (InvalidEntityException e) {
      return null; // an id that cannot be a file name is not in the store
    }
    for (Format f : Format.values()) {
      String path = Format.YAML.sibling(yaml, f);
      ObjectId blob = blobAt(reader, path);
      if (blob != null) {
        return new Located(path, blob);
      }
    }
    return null;
  }

  /** Whether this tree is already known to hold no file of the type (asks no reader). */
  public boolean knownWithout(EntityType type) {
    return tree == null || Boolean.FALSE.equals(typeFolders.get(type));
  }

  /** Whether this tree has the folder of a type; remembered per type. */
  private boolean hasFolderOf(ObjectReader reader, EntityType type) {
    Boolean known = typeFolders.get(type);
    if (known == null) {
      try {
        known = isFolder(reader, core.layout().folderOf(type));
      } catch (IOException e) {
        throw new dev.quire.StoreException("cannot read commit " + commitId() + ": " + e.getMessage(), e);
      }
      typeFolders.put(type, known);
    }
    return known;
  }

  private final Map<EntityType, Boolean> typeFolders = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Folders found missing from this commit's tree: a bulk write of new files (an import)
   * looks up each file's path, and most of those lookups end at the same missing folders.
   */
  private final Set<String> missingFolders = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * The blobs at many paths (null where there is none), in their order: paths of one folder
   * in a row ask the tree only while the folder is not known to be missing.
   */
  public Map<String, ObjectId> blobsAt(ObjectReader reader, Collection<String> paths) {
    Map<String, ObjectId> out = new java.util.LinkedHashMap<>(paths.size() * 2);
    String lastMissing = null; // a path in a folder known to be missing
    for (String path : paths) {
      if (Folders.same(path, lastMissing)) {
        out.put(path, null);
        continue;
      }
      ObjectId blob = blobAt(reader, path);
      out.put(path, blob);
      lastMissing = blob == null && missingFolders.contains(Folders.of(path)) ? path : null;
    }
    return out;
  }

  /** The blob at a path, or null when there is none (or it is a folder). */
  public ObjectId blobAt(ObjectReader reader, String path) {
    if (tree == null) {
      return null;
    }
    int slash = path.lastIndexOf('/');
    String folder = slash < 0 ? null : path.substring(0, slash);
    if (folder != null && (missingFolders.contains(folder) || ancestorMissing(folder))) {
      return null;
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
      if (walk == null || (walk.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
        if (walk == null && folder != null) {
          isFolder(reader, folder); // remembers the folder when it is missing
        }
        return null;
      }
      return walk.getObjectId(0);
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot read " + path + " at " + commitId() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether a folder is there; a missing one is remembered, and so are its missing parents
   * (looked up the same way), so that the next path below any of them needs no tree walk.
   */
  private boolean isFolder(ObjectReader reader, String folder) throws IOException {
    if (missingFolders.contains(folder)) {
      return false;
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, folder, tree)) {
      if (walk != null && walk.getFileMode(0) == FileMode.TREE) {
        return true;
      }
    }
    int slash = folder.lastIndexOf('/');
    if (slash > 0) {
      isFolder(reader, folder.substring(0, slash));
    }
    missingFolders.add(folder);
    return false;
  }

  /** Whether a folder above this one (not itself) is known to be missing; if so, so is it. */
  private boolean ancestorMissing(String folder) {
    if (missingFolders.isEmpty()) {
      return false;
    }
    for (int i = folder.indexOf('/'); i > 0; i = folder.indexOf('/', i + 1)) {
      if (missingFolders.contains(folder.substring(0, i))) {
        missingFolders.add(folder);
        return true;
      }
    }
    return false;
  }

  /** The blobs below a folder (recursively or not), with their full paths; folders as "name/". */
  public List<Located> walk(ObjectReader reader, String folder, boolean recursive) {
    List<Located> out = new ArrayList<>();
    if (tree == null || missingFolders.contains(folder) || ancestorMissing(folder)) {
      return out;
    }
    try (TreeWalk at = TreeWalk.forPath(reader, folder, tree)) {
      if (at == null || at.getFileMode(0) != FileMode.TREE) {
        return out;
      }
      try (TreeWalk walk = new TreeWalk(reader)) {
        walk.addTree(at.getObjectId(0));
        walk.setRecursive(recursive);
        while (walk.next()) {
          boolean isTree = walk.getFileMode(0) == FileMode.TREE;
          out.add(new Located(folder + "/" + walk.getPathString() + (isTree ? "/" : ""), walk.getObjectId(0)));
        }
      }
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot read " + folder + " at " + commitId() + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public List<Entity> list(EntityType type) {
    requireVersioned(type);
    List<Row> rows = indexed(i -> i.sorted(type));
    if (rows != null) {
      return readRows(rows);
    }
    List<Entity> out = decodeAll(core.layout().folderOf(type));
    out.sort(Ordering.of(type));
    return out;
  }

  @Override
  public List<Entity> page(EntityType type, int offset, int limit) {
    requireVersioned(type);
    List<Row> rows = indexed(i -> i.sorted(type));
    if (rows == null) {
      return Reads.super.page(type, offset, limit);
    }
    return readRows(Reads.slice(rows, offset, limit));
  }

  @Override
  public List<Entity> interactions(String conversationId) {
    List<Row> rows = indexed(i -> i.children(EntityTypes.INTERACTIONS, conversationId));
    if (rows != null) {
      return readRows(rows);
    }
    List<Entity> out = decodeAll(interactionFolder(conversationId));
    out.sort(Ordering.of(EntityTypes.INTERACTIONS));
    return out;
  }

  @Override
  public List<Entity> find(EntityType type, String field, Object value) {
    requireVersioned(type);
    List<Row> rows = indexed(i -> i.matching(type, field, value));
    return rows != null ? readRows(rows) : Reads.super.find(type, field, value);
  }

  @Override
  public List<Entity> startedBetween(java.time.Instant from, java.time.Instant to) {
    List<Row> rows = indexed(i -> i.between(EntityTypes.INTERACTIONS, "startedAt", from, to));
    return rows != null ? readRows(rows) : Reads.super.startedBetween(from, to);
  }

  /** The read index's rows of a type at this commit with the positions of {@code fields} among their values; null when it cannot answer. */
  record KeyedRows(List<Row> rows, int[] positions) {}

  KeyedRows keyedRows(EntityType type, List<String> fields) {
    int[] positions = new int[fields.size()];
    List<Row> rows = indexed(i -> {
      for (int k = 0; k < positions.length; k++) {
        positions[k] = i.key(type, fields.get(k));
        if (positions[k] < 0) {
          return null;
        }
      }
      return i.all(type);
    });
    return rows == null ? null : new KeyedRows(rows, positions);
  }

  /** The rows a query of the read index gives at this commit, or null when this commit is read by scanning. */
  private List<Row> indexed(java.util.function.Function<dev.quire.internal.index.ReadIndex, List<Row>> query) {
    return tree == null ? List.of() : core.readIndex.query(this, query);
  }

  /** The entities of index rows, in their order; a file that does not read is left out, as a scan leaves it. */
  private List<Entity> readRows(List<Row> rows) {
    List<Entity> out = new ArrayList<>(rows.size());
    try (ObjectReader reader = core.newReader()) {
      for (Row r : rows) {
        try {
          out.add(read(reader, r.path(), r.blob(), true));
        } catch (StoreException e) {
          // a damaged object: reported by problems()
        }
      }
    }
    return out;
  }

  public String interactionFolder(String conversationId) {
    String path = core.layout().pathOf(EntityTypes.INTERACTIONS, "x", conversationId, Format.YAML).path();
    return path.substring(0, path.lastIndexOf('/'));
  }

  private List<Entity> decodeAll(String folder) {
    return decodeAll(folder, new ArrayList<>());
  }

  private List<Entity> decodeAll(String folder, List<Problem> problems) {
    List<Entity> out = new ArrayList<>();
    try (ObjectReader reader = core.newReader()) {
      for (Located l : walk(reader, folder, true)) {
        if (isAttachment(l.path)) {
          continue;
        }
        try {
          out.add(read(reader, l.path, l.blob));
        } catch (StoreException e) { // a bad file, or a damaged object: the others are still read
          problems.add(Problem.of(l.path, e));
        }
      }
    }
    return out;
  }

  /**
   * The entity in a file of this commit as a program sees it: decoded, attachment contents put
   * back (schema v2), secrets revealed.
   */
  public Entity read(ObjectReader reader, String path, ObjectId blob) {
    return read(reader, path, blob, false);
  }

  /** {@link #read}; {@code placed}: the read index already found this blob's entity at this path. */
  Entity read(ObjectReader reader, String path, ObjectId blob, boolean placed) {
    Entity e = placed ? core.decodePlaced(reader, path, blob) : core.decode(reader, path, blob);
    if (e.type() == EntityTypes.INTERACTIONS && Attachments.apart(core.layout())) {
      e = Attachments.inline(e, hex -> {
        ObjectId file = blobAt(reader, Attachments.path(path, hex));
        return file == null ? null : core.bytes(reader, file, Long.MAX_VALUE, path);
      });
    }
    return core.secretValues.reveal(e, this, reader);
  }

  /** The entity of a file as stored: no secret values revealed, no attachment contents joined. */
  public Entity decode(ObjectReader reader, String path, ObjectId blob) {
    return core.decode(reader, path, blob);
  }

  /** The bytes of any file of this commit, or null. */
  public byte[] readRaw(String path) {
    try (ObjectReader reader = core.newReader()) {
      ObjectId blob = blobAt(reader, path);
      return blob == null ? null : core.bytes(reader, blob, Long.MAX_VALUE, path);
    }
  }

  public boolean isAttachment(String path) {
    return Attachments.apart(core.layout()) && path.contains("/" + Attachments.FOLDER + "/");
  }

  @Override
  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    decodeAll(core.layout().versionDir(), problems);
    return problems;
  }

  @Override
  public Optional<byte[]> readFile(String vfsKey, String path) {
    try (ObjectReader reader = core.newReader()) {
      ObjectId blob = blobAt(reader, ProjectPaths.of(vfsKey, path));
      return blob == null ? Optional.empty() : Optional.of(core.bytes(reader, blob, Long.MAX_VALUE, path));
    }
  }

  @Override
  public List<String> listFiles(String vfsKey, String folder) {
    String prefix = ProjectPaths.of(vfsKey, folder);
    try (ObjectReader reader = core.newReader()) {
      return walk(reader, prefix, false).stream()
          .map(l -> l.path.substring(prefix.length() + 1))
          .toList();
    }
  }

  public static void requireVersioned(EntityType type) {
    if (!type.isVersioned()) {
      throw new StoreException(type + " is a cache kept outside the tree; it has no entities to read here");
    }
  }
}
