package dev.quire.internal.engine;

import dev.quire.StoreException;
import dev.quire.codec.Format;
import dev.quire.layout.Attachments;
import dev.quire.layout.EntityPath;
import dev.quire.layout.Problem;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.Placement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * A transaction in progress: the snapshot it started from, the writes it staged (by path),
 * and what it read (paths and listed folders), so that a commit can tell whether changes made
 * meanwhile by others touch anything it depends on.
 */
public final class Tx implements Reads {
  private record Key(EntityType type, String id) {}

  final CommitView base;
  private final Engine core;
  final LinkedHashMap<String, Staged> staged = new LinkedHashMap<>();
  private final Map<Key, String> stagedPaths = new HashMap<>();
  final Set<String> readPaths = new HashSet<>();
  final Set<String> readFolders = new HashSet<>();
  final Set<String> adopted = new HashSet<>();
  String message;
  /** Once committed: the head it was applied to, that head's blobs at the staged paths, and the new blobs. */
  Applied applied;
  private boolean committed;

  Tx(Engine core, CommitView base) {
    this.core = core;
    this.base = base;
  }

  @Override
  public String commitId() {
    return base.commitId();
  }

  // ---- reads ----------------------------------------------------------------------------

  @Override
  public Optional<Entity> get(EntityType type, String id) {
    CommitView.requireVersioned(type);
    String path = stagedPaths.get(new Key(type, id));
    if (path != null) {
      Staged s = staged.get(path);
      return s.isDelete() ? Optional.empty() : Optional.of(s.entity());
    }
    CommitView.Located at = locateInBase(type, id);
    if (at == null) {
      return Optional.empty();
    }
    try (ObjectReader reader = core.newReader()) {
      return Optional.of(base.read(reader, at.path(), at.blob()));
    }
  }

  /** Finds the entity's file in the base snapshot and records the read. */
  private CommitView.Located locateInBase(EntityType type, String id) {
    try (ObjectReader reader = core.newReader()) {
      CommitView.Located at = base.locate(reader, type, id, null);
      if (at != null) {
        readPaths.add(at.path());
      } else if (type.placement() == Placement.GROUPED) {
        readFolders.add(core.layout().folderOf(type));
      } else {
        for (Format f : Format.values()) {
          try {
            readPaths.add(core.layout().pathOf(type, id, null, f).path());
          } catch (StoreException e) {
            // an id that cannot be a file: nothing to depend on
          }
        }
      }
      return at;
    }
  }

  /**
   * Finds the file of an entity about to be saved, whose new file would be {@code newPath}
   * (in {@code format}), and records the read: the file found, else the paths of the other
   * formats (the new path itself is staged, and checked as such), or the type's folder when
   * the base has none.
   */
  private CommitView.Located locateForPut(Entity entity, Format format, String newPath) {
    if (base.knownWithout(entity.type())) { // no file of the type: one read (the folder) for all
      readFolders.add(core.layout().folderOf(entity.type()));
      return null;
    }
    try (ObjectReader reader = core.newReader()) {
      CommitView.Located at = base.locate(reader, entity.type(), entity.id(), entity.parentId());
      if (at != null) {
        readPaths.add(at.path());
      } else {
        for (Format f : Format.values()) {
          if (f != format) {
            readPaths.add(format.sibling(newPath, f));
          }
        }
      }
      return at;
    }
  }

  @Override
  public List<Entity> list(EntityType type) {
    CommitView.requireVersioned(type);
    readFolders.add(core.layout().folderOf(type));
    return overlay(type, base.list(type), e -> true);
  }

  @Override
  public List<Entity> interactions(String conversationId) {
    readFolders.add(base.interactionFolder(conversationId));
    return overlay(EntityTypes.INTERACTIONS, base.interactions(conversationId),
        e -> conversationId.equals(e.parentId()));
  }

  private List<Entity> overlay(EntityType type, List<Entity> fromBase, java.util.function.Predicate<Entity> keep) {
    List<Entity> out = new ArrayList<>();
    for (Entity e : fromBase) {
      if (!stagedPaths.containsKey(new Key(type, e.id()))) {
        out.add(e);
      }
    }
    for (Staged s : staged.values()) {
      if (s.type() == type && s.entity() != null && keep.test(s.entity())) {
        out.add(s.entity());
      }
    }
    out.sort(Ordering.of(type));
    return out;
  }

  @Override
  public List<Problem> problems() {
    return base.problems();
  }

  @Override
  public Optional<byte[]> readFile(String vfsKey, String path) {
    String p = ProjectPaths.of(vfsKey, path);
    Staged s = staged.get(p);
    if (s != null) {
      return s.isDelete() ? Optional.empty() : Optional.of(s.bytes().clone());
    }
    readPaths.add(p);
    return base.readFile(vfsKey, path);
  }

  @Override
  public List<String> listFiles(String vfsKey, String folder) {
    String prefix = ProjectPaths.of(vfsKey, folder);
    readFolders.add(prefix);
    Set<String> names = new java.util.TreeSet<>(base.listFiles(vfsKey, folder));
    for (Map.Entry<String, Staged> e : staged.entrySet()) {
      if (e.getValue().type() == null && e.getKey().startsWith(prefix + "/")) {
        String rest = e.getKey().substring(prefix.length() + 1);
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash + 1);
        if (e.getValue().isDelete()) {
          if (slash < 0) {
            names.remove(name);
          }
        } else {
          names.add(name);
        }
      }
    }
    names.removeIf(n -> n.endsWith("/") && filesBelow(prefix + "/" + n.substring(0, n.length() - 1)).isEmpty());
    return List.copyOf(names);
  }

  // ---- writes ---------------------------------------------------------------------------

  public void put(Entity entity) {
    put(entity, Format.YAML);
  }

  /** Saves an entity; a new file is written in {@code format}, an existing one keeps its own. */
  void put(Entity entity, Format newFileFormat) {
    Objects.requireNonNull(entity, "entity == null");
    EntityType type = entity.type();
    CommitView.requireVersioned(type);
    String newPath = core.layout().pathOf(entity, newFileFormat).path(); // where a new file goes
    String oldPath = stagedPaths.get(new Key(type, entity.id()));
    if (oldPath != null && staged.get(oldPath).isDelete()) {
      oldPath = null;
    } else if (oldPath == null) {
      CommitView.Located at = locateForPut(entity, newFileFormat, newPath);
      oldPath = at == null ? null : at.path();
    }
    // an existing file keeps its format (and moves when the entity changed its parent)
    String path = oldPath == null ? newPath
        : newFileFormat.sibling(newPath, Format.ofFileName(oldPath).orElse(Format.YAML));
    if (oldPath != null && !oldPath.equals(path)) {
      staged.put(oldPath, new Staged(type, entity.id(), null, null));
    }
    boolean hadAttachments = false;
    Entity file = null;
    if (type == EntityTypes.INTERACTIONS && Attachments.apart(core.layout())) {
      if (oldPath != null) {
        hadAttachments = get(type, entity.id()).map(Attachments::hasContent).orElse(false);
      }
      Attachments.Stripped stripped = Attachments.strip(entity);
      stripped.files().forEach((hex, bytes) -> {
        String at = Attachments.path(path, hex);
        stage(at, new Staged(null, at, null, bytes));
      });
      file = stripped.entity(); // encoded at commit as it is: stripped once
    }
    stage(path, new Staged(type, entity.id(), entity, null, file));
    if (hadAttachments) {
      dropUnusedAttachments(entity.parentId());
    }
  }

  /**
   * Schema v2: removes the attachment files of a conversation that none of its interactions
   * refers to any more (after an interaction lost an attachment or was deleted).
   */
  private void dropUnusedAttachments(String conversationId) {
    String folder = base.interactionFolder(conversationId) + "/" + Attachments.FOLDER;
    Set<String> used = new HashSet<>();
    for (Entity e : interactions(conversationId)) {
      used.addAll(Attachments.strip(e).files().keySet());
    }
    Set<String> present = new HashSet<>();
    try (ObjectReader reader = core.newReader()) {
      base.walk(reader, folder, false).forEach(l -> present.add(l.path()));
    }
    for (Map.Entry<String, Staged> e : staged.entrySet()) {
      if (e.getKey().startsWith(folder + "/") && !e.getValue().isDelete()) {
        present.add(e.getKey());
      }
    }
    for (String file : present) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      if (!used.contains(name.substring(0, name.length() - ".bin".length()))) {
        stage(file, new Staged(null, file, null, null));
      }
    }
  }

  /** Stages an entity at exactly the given path (a hand-edited file keeps its format). */
  void putAt(String path, Entity entity) {
    stage(path, new Staged(entity.type(), entity.id(), entity, null));
  }

  private void stage(String path, Staged s) {
    if (staged.put(path, s) != null) { // keep staging order = last write order
      staged.remove(path);
      staged.put(path, s);
    }
    if (s.type() != null) {
      stagedPaths.put(new Key(s.type(), s.id()), path);
    }
  }

  public boolean delete(EntityType type, String id) {
    CommitView.requireVersioned(type);
    Key key = new Key(type, id);
    String path = stagedPaths.get(key);
    if (path != null) {
      if (staged.get(path).isDelete()) {
        return false;
      }
    } else {
      CommitView.Located at = locateInBase(type, id);
      if (at == null) {
        return false;
      }
      path = at.path();
    }
    Entity gone = type == EntityTypes.INTERACTIONS && Attachments.apart(core.layout()) ? get(type, id).orElse(null) : null;
    stage(path, new Staged(type, id, null, null));
    Cascades.apply(this, type, id);
    if (gone != null && Attachments.hasContent(gone)) {
      dropUnusedAttachments(gone.parentId());
    }
    return true;
  }

  public void writeFile(String vfsKey, String path, byte[] content) {
    Objects.requireNonNull(content, "content == null");
    String p = ProjectPaths.of(vfsKey, path);
    if (p.indexOf('/', ProjectPaths.ROOT.length() + 1) < 0) {
      throw new dev.quire.InvalidEntityException("project file of \"" + vfsKey + "\"", null, "a file needs a name");
    }
    if (content.length > core.options().maxProjectFileBytes()) {
      throw new dev.quire.InvalidEntityException(p, null, "the file is " + content.length
          + " bytes, over the limit of " + core.options().maxProjectFileBytes() + " bytes");
    }
    stage(p, new Staged(null, p, null, content.clone()));
  }

  public boolean deleteFile(String vfsKey, String path) {
    String p = ProjectPaths.of(vfsKey, path);
    List<String> files = filesBelow(p);
    if (files.isEmpty()) {
      return false;
    }
    for (String f : files) {
      stage(f, new Staged(null, f, null, null));
    }
    return true;
  }

  public void moveFile(String vfsKey, String from, String to) {
    String src = ProjectPaths.of(vfsKey, from);
    String dst = ProjectPaths.of(vfsKey, to);
    if (dst.equals(src) || dst.startsWith(src + "/")) {
      throw new dev.quire.InvalidEntityException(src, null, "cannot move a folder into itself");
    }
    List<String> files = filesBelow(src);
    if (files.isEmpty()) {
      throw new dev.quire.NotFoundException("no project file or folder \"" + from + "\" in \"" + vfsKey + "\"");
    }
    for (String f : files) {
      byte[] bytes = fileBytes(f);
      stage(f, new Staged(null, f, null, null));
      stage(dst + f.substring(src.length()), new Staged(null, dst + f.substring(src.length()), null, bytes));
    }
  }

  /** The project files at or below a path, as they are in this transaction. */
  private List<String> filesBelow(String p) {
    Set<String> out = new java.util.TreeSet<>();
    readFolders.add(p);
    try (ObjectReader reader = core.newReader()) {
      if (base.blobAt(reader, p) != null) {
        out.add(p);
      }
      for (CommitView.Located l : base.walk(reader, p, true)) {
        out.add(l.path());
      }
    }
    for (Map.Entry<String, Staged> e : staged.entrySet()) {
      if (e.getValue().type() == null && (e.getKey().equals(p) || e.getKey().startsWith(p + "/"))) {
        if (e.getValue().isDelete()) {
          out.remove(e.getKey());
        } else {
          out.add(e.getKey());
        }
      }
    }
    return List.copyOf(out);
  }

  private byte[] fileBytes(String path) {
    Staged s = staged.get(path);
    if (s != null) {
      return s.bytes();
    }
    try (ObjectReader reader = core.newReader()) {
      return core.bytes(reader, base.blobAt(reader, path), Long.MAX_VALUE, path);
    }
  }

  /** Stages raw bytes at a path outside the entity folders (the manifest, project files). */
  public void putRaw(String path, byte[] bytes) {
    stage(path, new Staged(null, path, null, bytes));
  }

  /** Stages the deletion of whatever file is at {@code path}. */
  public void removeAt(String path) {
    EntityPath p;
    try {
      p = core.layout().parse(path).orElse(null);
    } catch (dev.quire.InvalidEntityException e) {
      p = null; // a misplaced file: removed as a plain file
    }
    stage(path, new Staged(p == null ? null : p.type(), p == null ? path : p.id(), null, null));
  }

  public void clear(EntityType type) {
    CommitView.requireVersioned(type);
    deleteAllOf(type);
  }

  /** Stages the deletion of every file of a type (no cascades). */
  void deleteAllOf(EntityType type) {
    String folder = core.layout().folderOf(type);
    readFolders.add(folder);
    try (ObjectReader reader = core.newReader()) {
      for (CommitView.Located l : base.walk(reader, folder, true)) {
        removeAt(l.path());
      }
    }
    for (Map.Entry<String, Staged> e : List.copyOf(staged.entrySet())) {
      if (e.getValue().type() == type && !e.getValue().isDelete()) {
        stage(e.getKey(), new Staged(type, e.getValue().id(), null, null));
      }
    }
  }

  public String commit() {
    if (committed) {
      throw new IllegalStateException("this transaction was already committed");
    }
    committed = true;
    try {
      org.eclipse.jgit.lib.ObjectId id = core.commit(this);
      return id == null ? null : id.name();
    } catch (Engine.Retry r) {
      throw new dev.quire.ConflictException("the branch moved since this transaction began and"
          + " changed " + r.getMessage() + ", which it read or writes; nothing was written");
    }
  }

  public void message(String subject) {
    this.message = subject;
  }

  /** The first path changed meanwhile that this transaction read or writes, or null. */
  String clash(Set<String> changed) {
    for (String p : changed) {
      if (readPaths.contains(p) || staged.containsKey(p)) {
        return p;
      }
      for (String folder : readFolders) {
        if (p.startsWith(folder + "/") || p.equals(folder)) {
          return p;
        }
      }
    }
    return null;
  }
}
