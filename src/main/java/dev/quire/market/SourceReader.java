package dev.quire.market;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads a marketplace repository (DESIGN §9) at one commit, as blobs, never checked out, and
 * refuses what could hurt the reader or hide from a reviewer before anything is decoded:
 * symbolic links, submodules, names that are empty, {@code .}, {@code ..}, {@code .git} in
 * any case, hold a backslash, a control character or bytes that are not UTF-8, paths that
 * differ only by case, and more files, bytes, depth or file size than the {@link Limits}
 * allow. Entity files then go through the store's codec and its limits. A refusal is a
 * {@link MalformedFileException} or {@link InvalidEntityException} naming the path in the
 * source; nothing is written anywhere.
 */
final class SourceReader {
  /** What a source may hold. */
  record Limits(long maxFileBytes, int maxFiles, long maxTotalBytes, int maxDepth) {
    static final Limits DEFAULT = new Limits(1L << 20, 20_000, 64L << 20, 6);
  }

  /** The folders of a package and the entity type each holds; MCP servers are entries of the {@code settings:mcpServers} setting. */
  static final Map<String, EntityType> FOLDERS = Map.of(
      "rules", EntityTypes.RULES, "prompt-templates", EntityTypes.PROMPT_TEMPLATES,
      "workflows", EntityTypes.WORKFLOWS, "settings", EntityTypes.SETTINGS, "mcp-servers", EntityTypes.SETTINGS);

  private final ObjectReader reader;
  private final EntityCodec codec;
  private final Limits limits;
  private final String source;

  SourceReader(ObjectReader reader, EntityCodec codec, Limits limits, String source) {
    this.reader = reader;
    this.codec = codec;
    this.limits = limits;
    this.source = source;
  }

  /**
   * One package at {@code commit}, reading only its folder (with the same checks): what an
   * install reads, at a commit a refresh has read whole.
   */
  MarketPackage readPackage(ObjectId commit, String id) {
    String base = "packages/" + id;
    Map<String, ObjectId> files = listFiles(commit, base);
    List<String> paths = files.keySet().stream().filter(p -> p.startsWith(base + "/")).toList();
    if (paths.isEmpty()) {
      throw new dev.quire.NotFoundException(source + " has no package \"" + id + "\" at " + commit.name());
    }
    return readPackage(id, paths, files, commit.name());
  }

  /** Reads the marketplace at {@code commit}. */
  Catalog.Snapshot read(ObjectId commit) {
    return read(commit, listFiles(commit, null));
  }

  /**
   * Reads only {@code marketplace.yaml} and {@code packages/} at {@code commit}: the packages a
   * store publishes beside its own data (which is not read, and does not count against the
   * limits); null when the commit has no {@code marketplace.yaml} (it publishes nothing).
   */
  Catalog.Snapshot readPublished(ObjectId commit) {
    Map<String, ObjectId> files = new LinkedHashMap<>(listFiles(commit, "marketplace.yaml"));
    if (!files.containsKey("marketplace.yaml")) {
      return null;
    }
    files.putAll(listFiles(commit, "packages"));
    return read(commit, files);
  }

  private Catalog.Snapshot read(ObjectId commit, Map<String, ObjectId> files) {
    byte[] marketplace = bytesOf(files, "marketplace.yaml");
    if (marketplace == null) {
      throw new MalformedFileException(where("marketplace.yaml"), 0, 0, "a marketplace repository has marketplace.yaml"
          + " at its root (name, description, version); this one has none at " + commit.name());
    }
    Map<String, Object> meta = map(Format.YAML, marketplace, "marketplace.yaml");
    Map<String, List<String>> byPackage = new TreeMap<>();
    for (String path : files.keySet()) {
      if (path.startsWith("packages/")) {
        String[] parts = path.split("/");
        if (parts.length < 3) {
          throw new MalformedFileException(where(path), 0, 0, "files under packages/ belong in a package folder"
              + " (packages/<package-id>/…)");
        }
        byPackage.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(path);
      }
    }
    List<MarketPackage> packages = new ArrayList<>();
    for (Map.Entry<String, List<String>> p : byPackage.entrySet()) {
      packages.add(readPackage(p.getKey(), p.getValue(), files, commit.name()));
    }
    return new Catalog.Snapshot(commit.name(), meta, packages);
  }

  private MarketPackage readPackage(String id, List<String> paths, Map<String, ObjectId> files, String commit) {
    String base = "packages/" + id + "/";
    String manifest = base + "package.yaml";
    byte[] bytes = bytesOf(files, manifest);
    if (bytes == null) {
      throw new MalformedFileException(where(base), 0, 0, "a package folder holds package.yaml (id, name, type,"
          + " version, …); " + base + " has none");
    }
    Map<String, Object> meta = map(Format.YAML, bytes, manifest);
    List<MarketPackage.Item> items = new ArrayList<>();
    for (String path : paths) {
      if (path.equals(manifest)) {
        continue;
      }
      String rest = path.substring(base.length());
      int slash = rest.indexOf('/');
      EntityType type = slash < 0 ? null : FOLDERS.get(rest.substring(0, slash));
      java.util.Optional<Format> format = Format.ofFileName(path);
      if (type == null || rest.indexOf('/', slash + 1) >= 0 || format.isEmpty()) {
        throw new MalformedFileException(where(path), 0, 0, "a package holds package.yaml and entity files in "
            + String.join("/, ", new TreeMap<>(FOLDERS).keySet()) + "/ (one .yaml or .json file each)");
      }
      String folder = rest.substring(0, slash);
      String name = rest.substring(slash + 1);
      String stem = name.substring(0, name.lastIndexOf('.'));
      byte[] content = bytesOf(files, path);
      Entity entity;
      if (folder.equals(McpServers.FOLDER)) {
        Map<String, Object> server = map(format.get(), content, path);
        if (!stem.equals(server.get("id"))) {
          throw new InvalidEntityException(where(path), "id", "an MCP server's id must be its file name (\"" + stem + "\")");
        }
        entity = McpServers.setting(List.of(server));
      } else {
        entity = codec.decode(type, format.get(), content, where(path));
        String expected = folder.equals("settings") ? type.keyPrefix() + stem : stem;
        if (!entity.id().equals(expected)) {
          throw new InvalidEntityException(where(path), "id", "\"" + entity.id() + "\" must be the file name (\""
              + expected + "\")");
        }
      }
      List<String> hidden = new ArrayList<>(HiddenText.find(new String(content, StandardCharsets.UTF_8)));
      if (hidden.isEmpty()) {
        hidden.addAll(HiddenText.inValues(entity.fields()));
      }
      items.add(new MarketPackage.Item(folder, stem, path, entity, List.copyOf(hidden)));
    }
    return MarketPackage.of(id, meta, items, where(manifest), commit);
  }

  private Map<String, Object> map(Format format, byte[] bytes, String path) {
    Object tree = codec.readTree(format, bytes, where(path));
    if (!(tree instanceof Map<?, ?> m)) {
      throw new MalformedFileException(where(path), 1, 1, "expected a mapping of fields");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) m;
    return out;
  }

  private byte[] bytesOf(Map<String, ObjectId> files, String path) {
    ObjectId id = files.get(path);
    if (id == null) {
      return null;
    }
    try {
      return reader.open(id, Constants.OBJ_BLOB).getCachedBytes((int) limits.maxFileBytes());
    } catch (IOException e) {
      throw new StoreException("cannot read " + where(path) + ": " + e.getMessage(), e);
    }
  }

  /** Every file of the commit (or under a folder), checked against the limits and the refusals, path → blob. */
  private Map<String, ObjectId> listFiles(ObjectId commit, String under) {
    Map<String, ObjectId> files = new LinkedHashMap<>();
    Map<String, String> byCase = new HashMap<>();
    long total = 0;
    try (RevWalk rw = new RevWalk(reader); TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(rw.parseCommit(commit).getTree());
      walk.setRecursive(false);
      if (under != null) {
        walk.setFilter(org.eclipse.jgit.treewalk.filter.PathFilter.create(under));
      }
      while (walk.next()) {
        String path = checkedPath(walk);
        String other = byCase.putIfAbsent(path.toLowerCase(Locale.ROOT), path);
        if (other != null) {
          throw refused(path, "differs from \"" + other + "\" only by letter case; the two would be one file on macOS"
              + " and Windows");
        }
        FileMode mode = walk.getFileMode(0);
        if (walk.getDepth() + 1 > limits.maxDepth()) {
          throw refused(path, "is deeper than " + limits.maxDepth() + " folders");
        }
        if (mode == FileMode.TREE) {
          walk.enterSubtree();
          continue;
        }
        if (mode == FileMode.SYMLINK) {
          throw refused(path, "is a symbolic link; a marketplace holds plain files only");
        }
        if (mode == FileMode.GITLINK) {
          throw refused(path, "is a submodule; a marketplace holds plain files only");
        }
        if (files.size() + 1 > limits.maxFiles()) {
          throw refused(path, "is one file more than the " + limits.maxFiles() + " a source may hold");
        }
        long size = reader.getObjectSize(walk.getObjectId(0), Constants.OBJ_BLOB);
        if (size > limits.maxFileBytes()) {
          throw refused(path, "is " + size + " bytes, more than the " + limits.maxFileBytes() + " a file may have");
        }
        total += size;
        if (total > limits.maxTotalBytes()) {
          throw refused(path, "brings the source past the " + limits.maxTotalBytes() + " bytes it may hold");
        }
        files.put(path, walk.getObjectId(0));
      }
    } catch (IOException e) {
      throw new StoreException("cannot read " + source + " at " + commit.name() + ": " + e.getMessage(), e);
    }
    return files;
  }

  /** The entry's path, refused when one of its names is unsafe or not UTF-8. */
  private String checkedPath(TreeWalk walk) {
    byte[] raw = walk.getRawPath();
    String path;
    try {
      path = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw refused(new String(raw, StandardCharsets.UTF_8), "is not valid UTF-8");
    }
    String name = walk.getNameString();
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.equalsIgnoreCase(".git")
        || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw refused(path, "has an unsafe name (empty, \".\", \"..\", \".git\", a slash, a backslash or a control"
          + " character)");
    }
    return path;
  }

  private MalformedFileException refused(String path, String why) {
    return new MalformedFileException(where(path), 0, 0, why + "; the source is refused and nothing was written");
  }

  private String where(String path) {
    return source + ":" + path;
  }
}
