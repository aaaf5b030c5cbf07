package dev.quire.market;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a refresh of a source found: the source's name and URL, the commit it was read at, the
 * marketplace's own metadata ({@code marketplace.yaml}: LiteChat's {@code MarketplaceIndex}
 * fields), its packages at that commit with the versions each can be installed at (the
 * newest on the branch, older ones from {@code <package-id>/v<version>} tags), and when it was
 * cached and expires. Kept in the store's private directory, never committed.
 */
public record Catalog(String source, String url, String commit, Map<String, Object> metadata,
    List<Listing> packages, Instant cachedAt, Instant expiresAt) {

  /** A package as the catalog lists it: its metadata, the entities it holds ({@code folder/id}) and its versions, newest first. */
  public record Listing(String id, String name, String type, String description, String version,
      List<String> dependencies, List<String> entities, List<String> versions, boolean hiddenText) {
    /** The listing as JSON data: what the catalog file and {@code market search --json} hold. */
    public Map<String, Object> toMap() {
      Map<String, Object> item = new java.util.LinkedHashMap<>();
      item.put("id", id);
      item.put("name", name);
      item.put("type", type);
      item.put("description", description);
      item.put("version", version);
      item.put("dependencies", dependencies);
      item.put("entities", entities);
      item.put("versions", versions);
      item.put("hiddenText", hiddenText);
      return item;
    }
  }

  /** What {@link SourceReader} reads at one commit. */
  record Snapshot(String commit, Map<String, Object> metadata, List<MarketPackage> packages) {}

  /** Whether the catalog is past its expiry at {@code now}. */
  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** The package with this id, or null. */
  public Listing find(String id) {
    return packages.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
  }
}
