package dev.quire.market;

import dev.quire.ConflictException;
import dev.quire.InvalidEntityException;
import dev.quire.codec.Format;
import dev.quire.internal.engine.Seam;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Installs and uninstalls packages, one commit each. An install resolves the dependencies a
 * package lacks (same source, {@code id} or {@code id@range}, the newest version in range;
 * cycles and unsatisfiable ranges refused naming both packages), checks
 * {@code requiredLiteChatVersion} against the app version, refuses hidden text unless
 * allowed, refuses any entity whose id (or MCP server id) the store holds already and that
 * is not this package's, then writes the entities and one installed-item record per package:
 * the lockfile — source, URL, package, version, the commit it came from, and for every entity
 * its {@code folder/id}, its path in the source and the SHA-256 of its canonical form. An
 * uninstall removes exactly the entities whose hash is still that, keeps (and reports) the
 * edited ones unless forced, and refuses while another installed package depends on it.
 */
public final class Installer {
  /** What an install may accept: the app version {@code requiredLiteChatVersion} is checked against, and hidden text. */
  public record Options(String appVersion, boolean allowHiddenText) {
    /** The LiteChat version installs are checked against unless told otherwise. */
    public static final String DEFAULT_APP_VERSION = "1.0.0";

    public static Options defaults() {
      return new Options(DEFAULT_APP_VERSION, false);
    }
  }

  /** An install: the commit, and the packages it installed ({@code id@version}, dependencies first). */
  public record Result(String commitId, List<String> installed) {}

  /** An uninstall: the commit, the entities removed and those kept because they were edited. */
  public record Removed(String commitId, List<String> removed, List<String> keptEdited) {}

  private final Store store;
  private final Seam seam;
  private final Mirrors mirrors;

  Installer(Store store, Seam seam, Mirrors mirrors) {
    this.store = store;
    this.seam = seam;
    this.mirrors = mirrors;
  }

  Result install(Entity source, Catalog catalog, String packageId, String version, Options options) {
    List<MarketPackage> plan = new ArrayList<>();
    resolve(source, catalog, packageId, version, null, new ArrayList<>(), plan);
    if (plan.isEmpty()) {
      throw new ConflictException(packageId + " is installed already at " + installedVersion(packageId)
          + "; nothing to do (quire market uninstall, then install another version)");
    }
    for (MarketPackage p : plan) {
      check(catalog.source(), p, options);
    }
    List<String> done = plan.stream().map(p -> p.id() + "@" + p.version()).toList();
    String commit = store.transaction(tx -> {
      for (MarketPackage p : plan) {
        write(tx, source, catalog, p);
      }
      tx.message("market: install " + String.join(", ", done) + " from " + catalog.source());
    });
    return new Result(commit, done);
  }

  /** Adds to {@code plan} what installing {@code id} needs, dependencies first. */
  private void resolve(Entity source, Catalog catalog, String id, String version, String range, List<String> path,
      List<MarketPackage> plan) {
    if (path.contains(id)) {
      throw new ConflictException("the dependencies of " + path.get(0) + " form a cycle: " + String.join(" -> ", path)
          + " -> " + id + "; nothing was installed");
    }
    if (plan.stream().anyMatch(p -> p.id().equals(id))) {
      return;
    }
    String installed = installedVersion(id);
    if (installed != null) {
      if (range != null && !Semver.parse(installed).satisfies(range)) {
        throw new ConflictException(path.get(path.size() - 1) + " needs " + id + "@" + range + ", but " + id + " "
            + installed + " is installed; nothing was installed");
      }
      return;
    }
    Catalog.Listing listing = catalog.find(id);
    if (listing == null) {
      throw new ConflictException((path.isEmpty() ? "" : path.get(path.size() - 1) + " needs " + id + ", which ")
          + catalog.source() + " does not have" + (path.isEmpty() ? " " + id : "") + "; nothing was installed");
    }
    String chosen = version;
    if (chosen == null && range != null) {
      chosen = listing.versions().stream().filter(v -> Semver.parse(v).satisfies(range)).findFirst().orElseThrow(() ->
          new ConflictException(path.get(path.size() - 1) + " needs " + id + "@" + range + ", and " + catalog.source()
              + " has only " + String.join(", ", listing.versions()) + "; nothing was installed"));
    }
    MarketPackage p = mirrors.read(source, catalog, id, chosen);
    List<String> deeper = new ArrayList<>(path);
    deeper.add(id);
    for (String dep : p.dependencies()) {
      int at = dep.indexOf('@');
      String depRange = at < 0 ? null : dep.substring(at + 1);
      if (depRange != null) {
        try {
          new Semver(0, 0, 0, null).satisfies(depRange);
        } catch (IllegalArgumentException e) {
          throw new InvalidEntityException(catalog.source() + ":packages/" + id + "/package.yaml", "dependencies",
              e.getMessage());
        }
      }
      resolve(source, catalog, at < 0 ? dep : dep.substring(0, at), null, depRange, deeper, plan);
    }
    plan.add(p);
  }

  private String installedVersion(String packageId) {
    return store.find(EntityTypes.INSTALLED_ITEMS, "packageId", packageId).stream().findFirst()
        .map(e -> e.getString("version")).orElse(null);
  }

  private static void check(String source, MarketPackage p, Options options) {
    if (p.requiredLiteChatVersion() != null && options.appVersion() != null) {
      String required = p.requiredLiteChatVersion().strip();
      String range = Semver.parse(required) != null ? ">=" + required : required;
      Semver app = Semver.parse(options.appVersion());
      if (app != null && !app.satisfies(range)) {
        throw new ConflictException(source + "/" + p.id() + " " + p.version() + " requires LiteChat " + required
            + ", and the app is " + options.appVersion() + "; nothing was installed (--app-version to say otherwise)");
      }
    }
    if (!options.allowHiddenText() && !p.hiddenText().isEmpty()) {
      throw new ConflictException(source + "/" + p.id() + " holds text a reviewer does not see: "
          + String.join("; ", p.hiddenText()) + "; nothing was installed (--allow-hidden-text to install it anyway)");
    }
  }

  private void write(Transaction tx, Entity source, Catalog catalog, MarketPackage p) {
    String recordId = source.id() + "_" + p.id();
    List<Object> entities = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    List<String> templates = new ArrayList<>();
    List<String> servers = new ArrayList<>();
    for (MarketPackage.Item item : p.items()) {
      String owner = owner(Reads.of(tx), item);
      if (owner != null && !owner.equals(recordId)) {
        throw new ConflictException(item.ref() + " of " + catalog.source() + "/" + p.id() + " is already in the store"
            + (owner.isEmpty() ? " as your own" : ", installed by " + owner) + "; it is never overwritten: nothing was"
            + " installed");
      }
      Object written;
      if (McpServers.is(item)) {
        Map<String, Object> server = McpServers.entry(item);
        tx.put(McpServers.with(McpServers.list(Reads.of(tx)), server));
        written = server;
        servers.add(item.id());
      } else {
        tx.put(item.entity());
        written = item.entity();
        (item.folder().equals("rules") ? rules : templates).add(item.id());
      }
      entities.add(entry(item, written));
    }
    tx.put(record(recordId, source, catalog, p, rules, templates, servers, entities));
  }

  /** The lockfile record of a package installed (or updated) from {@code catalog}'s source. */
  Entity record(String recordId, Entity source, Catalog catalog, MarketPackage p, List<String> rules,
      List<String> templates, List<String> servers, List<Object> entities) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", recordId);
    record.put("packageId", p.id());
    record.put("sourceId", source.id());
    record.put("version", p.version());
    record.put("enabled", true);
    record.put("installedAt", Instant.now(seam.clock()).toString());
    record.put("installedRules", rules);
    record.put("installedTemplates", templates);
    record.put("installedMcpServers", servers);
    record.put("name", p.name());
    record.put("type", p.type());
    record.put("url", catalog.url());
    record.put("commit", p.commit());
    record.put("dependencies", p.dependencies());
    record.put("entities", entities);
    return Entity.of(EntityTypes.INSTALLED_ITEMS, record);
  }

  /** A lockfile entry: the item's {@code folder/id}, its path in the source, the hash of what was written. */
  Map<String, Object> entry(MarketPackage.Item item, Object written) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("ref", item.ref());
    e.put("path", item.path().substring(item.path().indexOf(':') + 1));
    e.put("sha256", hash(written));
    return e;
  }

  /** Who holds the item's id in the store now: null (nobody), "" (the user), or an installed record's id. */
  /** The reads the install and update rules need, from a store transaction or an engine one. */
  record Reads(java.util.function.BiFunction<EntityType, String, java.util.Optional<Entity>> get,
      java.util.function.Function<EntityType, List<Entity>> list) {
    static Reads of(Transaction tx) {
      return new Reads(tx::get, tx::list);
    }
  }

  static String owner(Reads tx, MarketPackage.Item item) {
    if (McpServers.current(tx, item) == null) {
      return null;
    }
    for (Entity r : tx.list().apply(EntityTypes.INSTALLED_ITEMS)) {
      if (r.get("entities") instanceof List<?> l && l.stream().anyMatch(e -> e instanceof Map<?, ?> m && item.ref().equals(m.get("ref")))) {
        return r.id();
      }
    }
    return "";
  }

  /** SHA-256 of an entity's canonical YAML, or of an MCP server entry's canonical JSON. */
  String hash(Object written) {
    byte[] bytes = written instanceof Entity e ? seam.codec().encode(e, Format.YAML)
        : seam.codec().writeTree(written, Format.JSON).getBytes(StandardCharsets.UTF_8);
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException ex) {
      throw new IllegalStateException("this JDK has no SHA-256", ex);
    }
  }

  /** What {@code install --locked} did: packages whose bytes matched their lockfile, entities restored, edited ones left. */
  public record Locked(String commitId, List<String> verified, List<String> restored, List<String> keptEdited) {}

  /**
   * Installs exactly what the lockfile records say: every recorded package is read at its
   * recorded commit, each entity must hash to its recorded SHA-256 (else nothing is written),
   * entities that are missing are written, and edited ones are left and reported.
   */
  Locked locked(java.util.function.Function<String, Entity> sourceById) {
    List<String> verified = new ArrayList<>();
    List<Object[]> toWrite = new ArrayList<>(); // the items to write
    List<String> edited = new ArrayList<>();
    for (Entity record : store.list(EntityTypes.INSTALLED_ITEMS)) {
      Entity source = sourceById.apply(record.getString("sourceId"));
      String pkg = record.getString("packageId");
      MarketPackage p = mirrors.readPinned(source, record.getString("commit"), pkg);
      Map<String, MarketPackage.Item> items = new LinkedHashMap<>();
      p.items().forEach(i -> items.put(i.ref(), i));
      for (Object o : record.getList("entities")) {
        Map<?, ?> e = (Map<?, ?>) o;
        MarketPackage.Item item = items.get((String) e.get("ref"));
        Object content = item == null ? null : McpServers.content(item);
        if (content == null || !hash(content).equals(e.get("sha256"))) {
          throw new ConflictException(source.getString("name") + "/" + pkg + " at " + record.getString("commit") + " does not"
              + " give the recorded bytes of " + e.get("ref") + "; the source's history was rewritten; nothing was written");
        }
        Object current = McpServers.current(new Reads(store::get, store::list), item);
        if (current == null) {
          toWrite.add(new Object[] {item});
        } else if (!hash(current).equals(e.get("sha256"))) {
          edited.add(item.ref());
        }
      }
      verified.add(pkg + "@" + record.getString("version"));
    }
    List<String> restored = new ArrayList<>();
    String commit = toWrite.isEmpty() ? null : store.transaction(tx -> {
      restored.clear();
      for (Object[] w : toWrite) {
        MarketPackage.Item item = (MarketPackage.Item) w[0];
        if (McpServers.is(item)) {
          tx.put(McpServers.with(McpServers.list(Reads.of(tx)), McpServers.entry(item)));
        } else {
          tx.put(item.entity());
        }
        restored.add(item.ref());
      }
      tx.message("market: install --locked (" + restored.size() + " entities restored)");
    });
    return new Locked(commit, List.copyOf(verified), List.copyOf(restored), List.copyOf(edited));
  }

  Removed uninstall(Entity source, String packageId, boolean force) {
    String recordId = source.id() + "_" + packageId;
    Entity record = store.get(EntityTypes.INSTALLED_ITEMS, recordId).orElseThrow(() -> new dev.quire.NotFoundException(
        packageId + " is not installed from " + source.getString("name") + "; see `quire market installed`"));
    for (Entity other : store.list(EntityTypes.INSTALLED_ITEMS)) {
      if (!other.id().equals(recordId) && other.get("dependencies") instanceof List<?> deps
          && deps.stream().anyMatch(d -> d instanceof String s && (s.equals(packageId) || s.startsWith(packageId + "@")))) {
        throw new ConflictException(other.getString("packageId") + " depends on " + packageId + "; uninstall it first");
      }
    }
    List<String> removed = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    String commit = store.transaction(tx -> {
      removed.clear();
      kept.clear();
      for (Object o : record.getList("entities")) {
        Map<?, ?> e = (Map<?, ?>) o;
        String ref = (String) e.get("ref");
        String folder = ref.substring(0, ref.indexOf('/'));
        String id = ref.substring(ref.indexOf('/') + 1);
        if (folder.equals(McpServers.FOLDER)) {
          List<Object> list = McpServers.list(Reads.of(tx));
          Object current = McpServers.find(list, id);
          if (current != null && (force || hash(current).equals(e.get("sha256")))) {
            tx.put(McpServers.without(list, id));
            removed.add(ref);
          } else if (current != null) {
            kept.add(ref);
          }
          continue;
        }
        EntityType type = SourceReader.FOLDERS.get(folder);
        String entityId = folder.equals("settings") ? type.keyPrefix() + id : id;
        Entity current = tx.get(type, entityId).orElse(null);
        if (current != null && (force || Objects.equals(hash(current), e.get("sha256")))) {
          tx.delete(type, entityId);
          removed.add(ref);
        } else if (current != null) {
          kept.add(ref);
        }
      }
      tx.delete(EntityTypes.INSTALLED_ITEMS, recordId);
      tx.message("market: uninstall " + packageId + " from " + source.getString("name")
          + (kept.isEmpty() ? "" : " (kept, edited: " + String.join(", ", kept) + ")"));
    });
    return new Removed(commit, List.copyOf(removed), List.copyOf(kept));
  }
}
