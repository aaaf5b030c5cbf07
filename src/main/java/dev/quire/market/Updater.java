package dev.quire.market;

import dev.quire.ConflictException;
import dev.quire.codec.Format;
import dev.quire.internal.engine.Seam;
import dev.quire.internal.engine.Tx;
import dev.quire.merge.EntityMerge;
import dev.quire.merge.TreeMerge;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Updates installed packages to the newest version of their source, as one commit: for every
 * entity a three-way merge — base: the installed version, re-read from the mirror at the
 * recorded commit; ours: the store now; theirs: the new version. An entity unchanged since
 * install takes the new version; an edited one is merged field by field with the sync merge
 * ({@link EntityMerge}), its conflicts recorded in {@code .quire/conflicts/} as a sync's are;
 * an entity the user deleted stays deleted unless upstream changed it, and then comes back in
 * its new version (reported); one upstream removed goes if unchanged, else stays. Capability changes (a new or changed MCP server URL,
 * command or headers, an agent's new tools) need consent; a dry run only reports.
 */
public final class Updater {
  /** What an update did, or would do, to one package. */
  public record Change(String packageId, String from, String to, List<String> taken, List<String> merged,
      List<String> conflicts, List<String> added, List<String> removed, List<String> restoredDeletedByYou,
      List<String> keptEdited, List<String> needsConsent) {}

  private final Store store;
  private final Seam seam;
  private final Mirrors mirrors;
  private final Installer installer;

  Updater(Store store, Seam seam, Mirrors mirrors) {
    this.store = store;
    this.seam = seam;
    this.mirrors = mirrors;
    this.installer = new Installer(store, seam, mirrors);
  }

  /** The changes of every installed package of the source that has a newer version ({@code only}: just that one). */
  List<Change> update(Entity source, Catalog catalog, String only, boolean dryRun, boolean consent) {
    List<Entity> records = store.find(EntityTypes.INSTALLED_ITEMS, "sourceId", source.id()).stream()
        .filter(r -> only == null || only.equals(r.getString("packageId"))).toList();
    if (only != null && records.isEmpty()) {
      throw new dev.quire.NotFoundException(only + " is not installed from " + source.getString("name"));
    }
    List<Change> changes = new ArrayList<>();
    try {
      seam.transact(tx -> {
      changes.clear();
      Installer.Reads reads = new Installer.Reads(tx::get, tx::list);
      for (Entity record : records) {
        Catalog.Listing listing = catalog.find(record.getString("packageId"));
        if (listing == null || Semver.parse(listing.version()).compareTo(Semver.parse(record.getString("version"))) <= 0) {
          continue;
        }
        changes.add(updateOne(tx, reads, source, catalog, record, dryRun));
      }
      List<String> consentNeeded = changes.stream().flatMap(c -> c.needsConsent().stream()).toList();
      if (!dryRun && !consent && !consentNeeded.isEmpty()) {
        throw new ConflictException("the update changes what packages may do: " + String.join("; ", consentNeeded)
            + "; nothing was updated (see it with --dry-run, then update with --consent)");
      }
      if (dryRun) {
        throw new DryRun();
      }
      tx.message("market: update " + String.join(", ", changes.stream().map(c -> c.packageId() + " " + c.from() + " -> "
          + c.to()).toList()) + " from " + source.getString("name"));
      });
    } catch (DryRun e) {
      // nothing committed: the changes are what the update would do
    }
    return List.copyOf(changes);
  }

  /** Ends a dry run's transaction without a commit. */
  static final class DryRun extends RuntimeException {
    DryRun() {
      super("dry run", null, false, false);
    }
  }

  private Change updateOne(Tx tx, Installer.Reads reads, Entity source, Catalog catalog, Entity record, boolean dryRun) {
    String pkg = record.getString("packageId");
    MarketPackage base = mirrors.readAt(source, record.getString("commit"), pkg);
    MarketPackage theirs = mirrors.read(source, catalog, pkg, null);
    Map<String, MarketPackage.Item> baseItems = byRef(base);
    Map<String, MarketPackage.Item> newItems = byRef(theirs);
    Map<String, String> hashes = new LinkedHashMap<>();
    for (Object o : record.getList("entities")) {
      Map<?, ?> e = (Map<?, ?>) o;
      hashes.put((String) e.get("ref"), (String) e.get("sha256"));
    }
    List<String> taken = new ArrayList<>();
    List<String> merged = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> restored = new ArrayList<>();
    List<String> keptEdited = new ArrayList<>();
    List<String> consent = new ArrayList<>();
    List<Object> entries = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    List<String> templates = new ArrayList<>();
    List<String> servers = new ArrayList<>();
    Set<String> refs = new LinkedHashSet<>(baseItems.keySet());
    refs.addAll(newItems.keySet());
    for (String ref : refs) {
      MarketPackage.Item was = baseItems.get(ref);
      MarketPackage.Item now = newItems.get(ref);
      Object ours = McpServers.current(reads, was != null ? was : now);
      boolean unchanged = ours != null && Objects.equals(installer.hash(ours), hashes.get(ref));
      capability(was, now, consent);
      if (now == null) { // upstream removed it
        if (unchanged) {
          remove(tx, reads, was);
          removed.add(ref);
        } else if (ours != null) {
          keptEdited.add(ref);
        }
        continue;
      }
      if (was == null && ours == null) {
        write(tx, reads, now, null);
        added.add(ref);
      } else if (was == null) {
        String owner = Installer.owner(reads, now);
        throw new ConflictException(ref + " of the new " + pkg + " " + theirs.version() + " is already in the store"
            + (owner.isEmpty() ? " as your own" : ", installed by " + owner) + "; nothing was updated");
      } else if (ours == null) { // deleted by the user: it stays deleted unless upstream changed it
        if (Objects.equals(McpServers.content(was), McpServers.content(now))) {
          entries.add(installer.entry(now, McpServers.content(now)));
          continue;
        }
        write(tx, reads, now, null);
        restored.add(ref);
      } else if (unchanged) {
        write(tx, reads, now, null);
        taken.add(ref);
      } else if (!McpServers.is(now)) {
        EntityMerge.Result r = EntityMerge.merge(was.entity(), (Entity) ours, now.entity());
        write(tx, reads, now, r.entity());
        merged.add(ref);
        if (!r.conflicts().isEmpty()) {
          conflicts.add(ref + ": " + String.join(", ", r.conflicts().stream().map(EntityMerge.Conflict::field).toList()));
          record(tx, now, r);
        }
      } else { // an edited MCP server: the user's entry stays
        keptEdited.add(ref);
      }
      entries.add(installer.entry(now, McpServers.content(now))); // the upstream version: an edit stays an edit
      (McpServers.is(now) ? servers : now.folder().equals("rules") ? rules : templates).add(now.id());
    }
    tx.put(installer.record(record.id(), source, catalog, theirs, rules, templates, servers, entries));
    return new Change(pkg, record.getString("version"), theirs.version(), taken, merged, conflicts, added, removed,
        restored, keptEdited, consent);
  }

  private static Map<String, MarketPackage.Item> byRef(MarketPackage p) {
    Map<String, MarketPackage.Item> out = new LinkedHashMap<>();
    p.items().forEach(i -> out.put(i.ref(), i));
    return out;
  }

  /** Writes an item (or the merged entity in its place). */
  private static void write(Tx tx, Installer.Reads reads, MarketPackage.Item item, Entity mergedEntity) {
    if (McpServers.is(item)) {
      tx.put(McpServers.with(McpServers.list(reads), McpServers.entry(item)));
      return;
    }
    tx.put(mergedEntity != null ? mergedEntity : item.entity());
  }

  private static void remove(Tx tx, Installer.Reads reads, MarketPackage.Item item) {
    if (McpServers.is(item)) {
      tx.put(McpServers.without(McpServers.list(reads), item.id()));
      return;
    }
    tx.delete(item.entity().type(), item.entity().id());
  }

  private void record(Tx tx, MarketPackage.Item item, EntityMerge.Result r) {
    EntityType type = item.entity().type();
    String path = seam.layout().pathOf(r.entity(), Format.YAML).path();
    List<Object> fields = new ArrayList<>();
    for (EntityMerge.Conflict c : r.conflicts()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("field", c.field());
      f.put("kept", String.valueOf(c.kept()));
      f.put("lost", String.valueOf(c.lost()));
      f.put("rule", "market update: " + c.rule());
      fields.add(f);
    }
    tx.putRaw(TreeMerge.recordPath(path), TreeMerge.recordBytes(seam.codec(), path,
        new dev.quire.layout.EntityPath(type, r.entity().id(), null, Format.YAML, path), fields));
  }

  /** Notes what the move from {@code was} to {@code now} lets a package newly do. */
  private static void capability(MarketPackage.Item was, MarketPackage.Item now, List<String> consent) {
    if (now == null) {
      return;
    }
    if (McpServers.is(now)) {
      Map<String, Object> n = McpServers.entry(now);
      Map<String, Object> w = was == null ? Map.of() : McpServers.entry(was);
      for (String field : List.of("url", "command", "args", "headers", "env")) {
        if (n.containsKey(field) && !Objects.equals(n.get(field), w.get(field))) {
          consent.add(now.ref() + ": " + (was == null ? "a new MCP server" : field + " changed") + " ("
              + field + ": " + n.get(field) + ")");
        }
      }
    } else if (now.entity().get("tools") instanceof List<?> tools) {
      List<?> before = was != null && was.entity().get("tools") instanceof List<?> b ? b : List.of();
      List<Object> added = tools.stream().filter(t -> !before.contains(t)).map(t -> (Object) t).toList();
      if (!added.isEmpty()) {
        consent.add(now.ref() + ": new tools " + added);
      }
    }
  }
}
