package dev.quire.market;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Catalog} as the JSON of its cache file: LiteChat's {@code MarketplaceIndex} (the
 * marketplace's metadata with {@code items}) and, beside it, the source, URL, commit,
 * {@code cachedAt} and {@code expiresAt}.
 */
final class CatalogJson {
  private CatalogJson() {}

  static Map<String, Object> tree(Catalog c) {
    Map<String, Object> index = new LinkedHashMap<>(c.metadata());
    List<Object> items = new ArrayList<>();
    for (Catalog.Listing p : c.packages()) {
      items.add(p.toMap());
    }
    index.put("items", items);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", c.source());
    out.put("url", c.url());
    out.put("commit", c.commit());
    out.put("cachedAt", c.cachedAt().toString());
    out.put("expiresAt", c.expiresAt().toString());
    out.put("index", index);
    return out;
  }

  @SuppressWarnings("unchecked")
  static Catalog read(Object tree) {
    Map<String, Object> m = (Map<String, Object>) tree;
    Map<String, Object> index = new LinkedHashMap<>((Map<String, Object>) m.get("index"));
    List<Catalog.Listing> listings = new ArrayList<>();
    for (Object o : (List<Object>) index.remove("items")) {
      Map<String, Object> i = (Map<String, Object>) o;
      listings.add(new Catalog.Listing((String) i.get("id"), (String) i.get("name"), (String) i.get("type"),
          (String) i.get("description"), (String) i.get("version"), strings(i.get("dependencies")),
          strings(i.get("entities")), strings(i.get("versions")), Boolean.TRUE.equals(i.get("hiddenText"))));
    }
    return new Catalog((String) m.get("source"), (String) m.get("url"), (String) m.get("commit"), index,
        List.copyOf(listings), Instant.parse((String) m.get("cachedAt")), Instant.parse((String) m.get("expiresAt")));
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    for (Object x : (List<?>) o) {
      out.add((String) x);
    }
    return List.copyOf(out);
  }
}
