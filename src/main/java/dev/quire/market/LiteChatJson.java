package dev.quire.market;

import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packages as LiteChat's HTTP marketplace serves them: a {@code MarketplaceIndex} (the
 * marketplace's {@code name}, {@code description}, {@code version}, … and {@code items}, each
 * a {@code MarketplaceItem} with an absolute {@code downloadUrl}) and, per item, a
 * {@code MarketplacePackage} ({@code id}, {@code name}, {@code type} at the top, as LiteChat
 * checks, {@code metadata} equal to the item, and {@code content}: rules, promptTemplates,
 * agents, workflows, mcpServers, settings). The inverse of what {@link HttpIndex} reads.
 */
public final class LiteChatJson {
  /** A store's published packages at one commit. */
  public record Published(String commit, Map<String, Object> metadata, List<MarketPackage> packages) {
    /** The index, with each item's {@code downloadUrl} as {@code packagesUrl + "/" + id + ".json"}. */
    public Map<String, Object> index(String packagesUrl) {
      Map<String, Object> index = new LinkedHashMap<>(metadata);
      List<Object> items = new ArrayList<>();
      for (MarketPackage p : packages) {
        items.add(item(p, packagesUrl));
      }
      index.put("items", items);
      return index;
    }

    /** The package {@code id} as LiteChat downloads it, or null when there is none. */
    public Map<String, Object> packageJson(String id, String packagesUrl, EntityCodec codec) {
      MarketPackage p = packages.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
      if (p == null) {
        return null;
      }
      Map<String, Object> content = new LinkedHashMap<>();
      for (MarketPackage.Item i : p.items()) {
        switch (i.folder()) {
          case "rules" -> list(content, "rules").add(plain(i, codec));
          case "prompt-templates" -> list(content, "agent".equals(i.entity().getString("type")) ? "agents" : "promptTemplates")
              .add(plain(i, codec));
          case "workflows" -> list(content, "workflows").add(plain(i, codec));
          case McpServers.FOLDER -> list(content, "mcpServers").add(McpServers.entry(i));
          default -> { // settings
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = (Map<String, Object>) content.computeIfAbsent("settings", k -> new LinkedHashMap<>());
            settings.put(i.id(), i.entity().get("value"));
          }
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("id", p.id());
      out.put("name", p.name());
      out.put("type", p.type());
      out.put("metadata", item(p, packagesUrl));
      out.put("content", content);
      return out;
    }
  }

  private LiteChatJson() {}

  static Published of(Catalog.Snapshot s) {
    return new Published(s.commit(), s.metadata(), s.packages());
  }

  private static Map<String, Object> item(MarketPackage p, String packagesUrl) {
    Map<String, Object> item = new LinkedHashMap<>(p.metadata());
    item.putIfAbsent("description", "");
    item.putIfAbsent("lastUpdated", "");
    item.put("downloadUrl", packagesUrl + "/" + p.id() + ".json");
    return item;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> content, String key) {
    return (List<Object>) content.computeIfAbsent(key, k -> new ArrayList<>());
  }

  /** An entity as plain JSON data (its canonical JSON read back: dates as LiteChat's strings). */
  private static Object plain(MarketPackage.Item i, EntityCodec codec) {
    return codec.readTree(Format.JSON, codec.encode(i.entity(), Format.JSON), i.path());
  }
}
