package dev.quire.view;

import dev.quire.market.LiteChatJson;
import dev.quire.market.MarketPackage;
import dev.quire.market.Marketplace;
import dev.quire.merge.RecordedConflict;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Revision;
import dev.quire.store.Store;
import dev.quire.sync.Conflicts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The store as a whole: its log, the conflicts merges recorded, and its marketplace packages. */
final class StorePages {
  private final Store store;

  StorePages(Store store) {
    this.store = store;
  }

  /** {@code /log}: one page of the branch's commits, newest first. */
  Map<String, Object> log(Paging paging) {
    Map<String, Object> model = Templates.model("title", "Log");
    List<Revision> all = store.log(paging.offset() + paging.ask());
    List<Revision> asked = all.subList(Math.min(paging.offset(), all.size()), all.size());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Revision r : paging.show(asked, model)) {
      rows.add(Templates.model("commit", r.shortId(), "full", r.commit(), "time", ConversationPages.time(r.time()),
          "author", r.author(), "subject", r.subject()));
    }
    model.put("rows", rows);
    return model;
  }

  /** {@code /conflicts}: what merges recorded and nobody settled yet, field by field. */
  Map<String, Object> conflicts() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RecordedConflict c : Conflicts.of(store).list()) {
      List<Map<String, Object>> fields = new ArrayList<>();
      for (RecordedConflict.Field f : c.fields()) {
        fields.add(Templates.model("field", f.field(), "kept", f.hasValues() ? EntityPages.shown(f.kept()) : null,
            "lost", f.hasValues() ? EntityPages.shown(f.lost()) : null, "rule", f.rule()));
      }
      rows.add(Templates.model("file", c.file(), "path", c.path(),
          "href", c.type() == null || c.id() == null ? null : Urls.entity(c.type(), c.id()), "fields", fields));
    }
    return Templates.model("title", "Conflicts", "conflicts", rows, "none", rows.isEmpty());
  }

  /** {@code /packages}: the packages this store publishes, their tagged versions, and what it has installed. */
  Map<String, Object> packages() {
    Marketplace market = Marketplace.of(store);
    LiteChatJson.Published published = market.published();
    Map<String, List<String>> versions = market.publishedVersions();
    List<Map<String, Object>> rows = new ArrayList<>();
    if (published != null) {
      for (MarketPackage p : published.packages()) {
        rows.add(Templates.model("id", p.id(), "name", p.name(), "type", p.type(), "version", p.version(),
            "description", p.description(), "versions", String.join(", ", versions.getOrDefault(p.id(), List.of())),
            "items", p.items().stream().map(i -> Templates.model("ref", i.ref(),
                "hidden", i.hiddenText().isEmpty() ? null : String.join("; ", i.hiddenText()))).toList()));
      }
    }
    List<Map<String, Object>> installed = new ArrayList<>();
    for (Entity e : market.installed()) {
      installed.add(Templates.model("package", e.getString("packageId"), "version", e.getString("version"),
          "source", e.getString("sourceId"), "href", Urls.entity(EntityTypes.INSTALLED_ITEMS.folder(), e.id())));
    }
    return Templates.model("title", "Packages", "publishes", published != null, "packages", rows,
        "installed", installed, "hasInstalled", !installed.isEmpty());
  }
}
