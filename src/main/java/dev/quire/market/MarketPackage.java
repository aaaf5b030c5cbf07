package dev.quire.market;

import dev.quire.MalformedFileException;
import dev.quire.model.Entity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A package of a marketplace source at one commit: its {@code package.yaml} (LiteChat's
 * {@code MarketplaceItem} fields: id, name, type, description, version, author, tags, category,
 * dependencies, requiredLiteChatVersion, lastUpdated; unknown fields kept in {@link #metadata}),
 * the commit of the source it was read at, and the entities it holds.
 */
public record MarketPackage(String id, String name, String type, String description, String version,
    List<String> dependencies, String requiredLiteChatVersion, String commit, Map<String, Object> metadata,
    List<Item> items) {

  /** The setting that holds LiteChat's MCP servers; a package's {@code mcp-servers/} are entries of it. */
  public static final String MCP_SERVERS_KEY = "settings:mcpServers";

  /** LiteChat's package types. */
  public static final Set<String> TYPES = Set.of("rule", "template", "agent", "workflow", "mcp-server", "config-bundle");

  /**
   * One entity of a package: the folder it is in ({@code rules}, {@code prompt-templates},
   * {@code workflows}, {@code settings}, {@code mcp-servers}), its id (for an MCP server, the
   * server's id; for a setting, its name), its path in the source, the entity (an MCP server
   * as a {@code settings:mcpServers} setting holding only it) and any hidden text found in
   * its file ({@link HiddenText}).
   */
  public record Item(String folder, String id, String path, Entity entity, List<String> hiddenText) {
    /** {@code folder/id}, as installed records and messages name it. */
    public String ref() {
      return folder + "/" + id;
    }
  }

  static MarketPackage of(String folderId, Map<String, Object> meta, List<Item> items, String manifest, String commit) {
    String id = text(meta, "id", manifest);
    if (!id.equals(folderId)) {
      throw new MalformedFileException(manifest, 0, 0, "id: \"" + id + "\" must be the package's folder name (\"" + folderId + "\")");
    }
    String type = text(meta, "type", manifest);
    if (!TYPES.contains(type)) {
      throw new MalformedFileException(manifest, 0, 0, "type: \"" + type + "\" is not one of " + new java.util.TreeSet<>(TYPES));
    }
    String version = text(meta, "version", manifest);
    if (Semver.parse(version) == null) {
      throw new MalformedFileException(manifest, 0, 0, "version: \"" + version + "\" is not a semantic version (1.2.3)");
    }
    List<String> deps = new ArrayList<>();
    if (meta.get("dependencies") instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof String s) || s.isBlank()) {
          throw new MalformedFileException(manifest, 0, 0, "dependencies: each is a package id or \"id@range\"");
        }
        deps.add(s);
      }
    } else if (meta.get("dependencies") != null) {
      throw new MalformedFileException(manifest, 0, 0, "dependencies: a list of package ids or \"id@range\"");
    }
    Object required = meta.get("requiredLiteChatVersion");
    return new MarketPackage(id, text(meta, "name", manifest), type, meta.get("description") instanceof String d ? d : "",
        version, List.copyOf(deps), required == null ? null : required.toString(), commit, meta, List.copyOf(items));
  }

  private static String text(Map<String, Object> meta, String field, String manifest) {
    Object v = meta.get(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new MalformedFileException(manifest, 0, 0, field + ": required (a non-empty string)");
    }
    return s;
  }

  /** The hidden text of every item, as "path: line L: U+XXXX (what)". */
  public List<String> hiddenText() {
    List<String> out = new ArrayList<>();
    for (Item i : items) {
      i.hiddenText().forEach(h -> out.add(i.path() + ": " + h));
    }
    return out;
  }
}
