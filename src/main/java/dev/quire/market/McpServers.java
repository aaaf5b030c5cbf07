package dev.quire.market;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LiteChat's MCP servers as packages hold them: entries of the one setting
 * {@code settings:mcpServers} (a list of {@code {id, name, url, …}}), which an install adds
 * to, an update replaces in and an uninstall takes from, by id.
 */
final class McpServers {
  private McpServers() {}

  /** The folder of a package that holds MCP servers. */
  static final String FOLDER = "mcp-servers";

  static boolean is(MarketPackage.Item item) {
    return item.folder().equals(FOLDER);
  }

  /** The store's list now (a copy to change), empty when there is none. */
  static List<Object> list(Installer.Reads reads) {
    return reads.get().apply(EntityTypes.SETTINGS, MarketPackage.MCP_SERVERS_KEY)
        .map(e -> e.get("value") instanceof List<?> l ? new ArrayList<Object>(l) : new ArrayList<Object>())
        .orElseGet(ArrayList::new);
  }

  /** The entry with this id, or null. */
  static Object find(List<Object> list, String id) {
    return list.stream().filter(s -> s instanceof Map<?, ?> m && id.equals(m.get("id"))).findFirst().orElse(null);
  }

  /** The setting holding {@code list} with the entry of {@code server}'s id replaced by it (or added). */
  static Entity with(List<Object> list, Map<String, Object> server) {
    List<Object> out = new ArrayList<>(list);
    out.removeIf(s -> s instanceof Map<?, ?> m && server.get("id").equals(m.get("id")));
    out.add(server);
    return setting(out);
  }

  /** The setting holding {@code list} without the entry of {@code id}. */
  static Entity without(List<Object> list, String id) {
    List<Object> out = new ArrayList<>(list);
    out.removeIf(s -> s instanceof Map<?, ?> m && id.equals(m.get("id")));
    return setting(out);
  }

  static Entity setting(List<Object> list) {
    return Entity.of(EntityTypes.SETTINGS, Map.of("key", MarketPackage.MCP_SERVERS_KEY, "value", list));
  }

  /** An MCP server item's entry. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> entry(MarketPackage.Item item) {
    return (Map<String, Object>) ((List<Object>) item.entity().get("value")).get(0);
  }

  /** What an item is as installed: its entity, or for an MCP server its entry. */
  static Object content(MarketPackage.Item item) {
    return is(item) ? entry(item) : item.entity();
  }

  /** The store's version of an item now (its entity, or its MCP server entry), or null. */
  static Object current(Installer.Reads reads, MarketPackage.Item item) {
    return is(item) ? find(list(reads), item.id()) : reads.get().apply(item.entity().type(), item.entity().id()).orElse(null);
  }
}
