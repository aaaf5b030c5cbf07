package dev.quire.market;

import dev.quire.ConflictException;
import dev.quire.InvalidEntityException;
import dev.quire.NotFoundException;
import dev.quire.internal.engine.Seam;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A store's marketplace (DESIGN §9): Git repositories as package sources
 * ({@code marketplace-sources} entities), refreshed into private mirrors and read at a pinned
 * commit ({@link Catalog}), searched, and installed from as one commit each, with a lockfile
 * record per package ({@code installed-items}) that names the source, version, commit and the
 * content hash of every installed entity, so that an uninstall removes exactly what was
 * installed and is unchanged. Reached through the store's seam: {@code Marketplace.of(store)}.
 */
public final class Marketplace {
  /** How long a refreshed catalog is used before it is refreshed again (LiteChat's one hour). */
  public static final Duration CATALOG_LIFETIME = Duration.ofHours(1);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final System.Logger LOG = System.getLogger("dev.quire");

  private final Store store;
  private final Seam seam;
  private final Mirrors mirrors;

  private Marketplace(Store store) {
    this.store = store;
    this.seam = store.seam();
    this.mirrors = new Mirrors(seam);
  }

  public static Marketplace of(Store store) {
    return new Marketplace(store);
  }

  // ---- sources ----------------------------------------------------------------------------

  /**
   * Adds a source: a Git URL of a marketplace repository (file, git://, smart HTTP(S), SSH, or
   * a path), read at {@code ref} (a branch; null: the remote's default branch). One commit.
   */
  public Entity addSource(String name, String url, String ref) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidEntityException("marketplace source \"" + name + "\"", "name",
          "a source name is 1 to 64 letters, digits, '-' and '_', starting with a letter or digit");
    }
    Objects.requireNonNull(url, "url == null");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", name);
    fields.put("name", name);
    fields.put("url", url);
    fields.put("enabled", true);
    fields.put("createdAt", Instant.now(seam.clock()).toString());
    if (ref != null) {
      fields.put("ref", ref);
    }
    Entity source = Entity.of(EntityTypes.MARKETPLACE_SOURCES, fields);
    store.transaction(tx -> {
      if (tx.get(EntityTypes.MARKETPLACE_SOURCES, name).isPresent()) {
        throw new ConflictException("there is a marketplace source \"" + name + "\" already; remove it first or choose another name");
      }
      tx.put(source);
      tx.message("market: add source " + name);
    });
    return source;
  }

  /**
   * Keeps a source's user name and password (or token) for smart HTTP(S) in the local secret
   * store, never in Git; nulls remove them.
   */
  public void setCredentials(String name, String username, String password) {
    mirrors.setCredentials(source(name).id(), username, password);
  }

  /**
   * Makes a source readable only at commits signed (SSH signatures) by one of
   * {@code allowedSigners} (the text of an OpenSSH allowed-signers file); null: any commit.
   * One commit (the setting is part of the source entity, so it syncs and is reviewed).
   */
  public void requireSigned(String name, String allowedSigners) {
    Entity source = source(name);
    Entity changed = allowedSigners == null ? source.without("requireSigned").without("allowedSigners")
        : source.with("requireSigned", true).with("allowedSigners", allowedSigners);
    store.transaction(tx -> {
      tx.put(changed);
      tx.message("market: " + (allowedSigners == null ? "stop requiring" : "require") + " signed commits from " + name);
    });
  }

  /** The sources, by name. */
  public List<Entity> sources() {
    return store.list(EntityTypes.MARKETPLACE_SOURCES);
  }

  /** The source called {@code name}. */
  public Entity source(String name) {
    return store.find(EntityTypes.MARKETPLACE_SOURCES, "name", name).stream().findFirst()
        .or(() -> store.get(EntityTypes.MARKETPLACE_SOURCES, name))
        .orElseThrow(() -> new NotFoundException("no marketplace source \"" + name + "\"; see `quire market list-sources`"));
  }

  /**
   * Removes a source with its mirror and cached catalog. Packages installed from it are
   * refused unless {@code keepInstalled}: then their records go (LiteChat's cascade) and
   * their entities stay, as the user's own. Returns the ids of the packages whose records went.
   */
  public List<String> removeSource(String name, boolean keepInstalled) {
    Entity source = source(name);
    List<Entity> installed = store.find(EntityTypes.INSTALLED_ITEMS, "sourceId", source.id());
    if (!installed.isEmpty() && !keepInstalled) {
      throw new ConflictException("packages are installed from " + name + ": "
          + installed.stream().map(e -> e.getString("packageId")).toList() + "; uninstall them first, or remove the"
          + " source keeping them (their entities stay as your own; --keep-installed)");
    }
    store.transaction(tx -> {
      for (Entity e : installed) {
        tx.delete(EntityTypes.INSTALLED_ITEMS, e.id());
      }
      tx.delete(EntityTypes.MARKETPLACE_SOURCES, source.id());
      tx.message("market: remove source " + name);
    });
    mirrors.forget(source.id());
    return installed.stream().map(e -> e.getString("packageId")).toList();
  }

  // ---- catalogs ---------------------------------------------------------------------------

  /** Fetches the source into its mirror and reads it at the fetched commit (a refusal writes nothing). */
  public Catalog refresh(String name) {
    Entity source = source(name);
    return mirrors.refresh(source, Instant.now(seam.clock()), CATALOG_LIFETIME);
  }

  /**
   * The source's catalog: the cached one while it has not expired, else a refresh; when the
   * refresh fails (offline), the expired one with a warning.
   */
  public Catalog catalog(String name) {
    return catalog(source(name));
  }

  private Catalog catalog(Entity source) {
    Catalog cached = mirrors.cached(source.id());
    Instant now = Instant.now(seam.clock());
    if (cached != null && !cached.expired(now) && cached.url().equals(source.getString("url"))) {
      return cached;
    }
    try {
      return mirrors.refresh(source, now, CATALOG_LIFETIME);
    } catch (dev.quire.RemoteException e) {
      if (cached == null) {
        throw e;
      }
      LOG.log(System.Logger.Level.WARNING, "cannot refresh " + source.getString("name") + " (" + e.getMessage() + "); using its catalog of "
          + cached.cachedAt());
      return cached;
    }
  }

  /**
   * Packages of the enabled sources whose id, name, description or tags contain {@code text}
   * (any case; null or empty: all), of {@code type} if given; by source, then id. A source
   * that cannot be reached and has no catalog yet is skipped with a warning, unless no source
   * could be searched.
   */
  public List<Found> search(String text, String type) {
    String needle = text == null ? "" : text.toLowerCase(Locale.ROOT);
    List<Found> out = new ArrayList<>();
    dev.quire.RemoteException unreachable = null;
    int searched = 0;
    for (Entity source : sources()) {
      if (Boolean.FALSE.equals(source.getBoolean("enabled"))) {
        continue;
      }
      Catalog c;
      try {
        c = catalog(source);
        searched++;
      } catch (dev.quire.RemoteException e) {
        // a source that cannot be reached and was never read does not hide the others' packages
        LOG.log(System.Logger.Level.WARNING, "not searched: " + e.getMessage());
        unreachable = unreachable == null ? e : unreachable;
        continue;
      }
      for (Catalog.Listing p : c.packages()) {
        String hay = (p.id() + "\n" + p.name() + "\n" + p.description()).toLowerCase(Locale.ROOT);
        if ((type == null || type.equals(p.type())) && hay.contains(needle)) {
          out.add(new Found(c.source(), p));
        }
      }
    }
    if (searched == 0 && unreachable != null) {
      throw unreachable;
    }
    return out;
  }

  /** A package found by {@link #search}, with the name of its source. */
  public record Found(String source, Catalog.Listing listing) {}

  /** A package of a source at a version (null: the newest), read whole from the mirror. */
  public MarketPackage show(String sourceName, String packageId, String version) {
    Entity source = source(sourceName);
    Catalog c = catalog(source);
    return mirrors.read(source, c, packageId, version);
  }

  /**
   * What this store itself publishes (its own {@code marketplace.yaml} and {@code packages/} at
   * the head, read with a source's checks), as LiteChat's HTTP marketplace serves it: the
   * {@code MarketplaceIndex} and one {@code MarketplacePackage} per item. Null when the store
   * publishes nothing. See {@link LiteChatJson}.
   */
  public LiteChatJson.Published published() {
    org.eclipse.jgit.lib.ObjectId head = seam.refresh();
    if (head == null) {
      return null;
    }
    try (org.eclipse.jgit.lib.ObjectReader reader = seam.repo().newObjectReader()) {
      Catalog.Snapshot s = new SourceReader(reader, seam.codec(), SourceReader.Limits.DEFAULT, "this store").readPublished(head);
      return s == null ? null : LiteChatJson.of(s);
    }
  }

  /**
   * The versions this store has tagged for release ({@code <package-id>/v<version>}), newest
   * first, by package id.
   */
  public Map<String, List<String>> publishedVersions() {
    Map<String, List<String>> out = new java.util.TreeMap<>();
    Mirrors.versionTags(seam.repo()).forEach((id, vs) ->
        out.put(id, vs.stream().sorted(java.util.Comparator.reverseOrder()).map(Semver::toString).toList()));
    return out;
  }

  // ---- installs ---------------------------------------------------------------------------

  /** The installed packages (their lockfile records), newest first. */
  public List<Entity> installed() {
    return store.list(EntityTypes.INSTALLED_ITEMS);
  }

  /**
   * Installs a package (and the dependencies it lacks) as one commit; see {@link Installer}.
   *
   * @param version null: the newest
   */
  public Installer.Result install(String sourceName, String packageId, String version, Installer.Options options) {
    seam.requireWritable();
    Entity source = source(sourceName);
    Catalog c = catalog(source);
    return new Installer(store, seam, mirrors).install(source, c, packageId, version, options);
  }

  /**
   * Installs exactly what the lockfile records say (another device's installs, synced): each
   * package read at its recorded commit and checked against the recorded hashes, missing
   * entities written in one commit, edited ones left. See {@link Installer.Locked}.
   */
  public Installer.Locked installLocked() {
    seam.requireWritable();
    return new Installer(store, seam, mirrors).locked(id -> store.get(EntityTypes.MARKETPLACE_SOURCES, id).orElseThrow(() ->
        new NotFoundException("an installed package names the source \"" + id + "\", which this store does not have;"
            + " add it (quire market add)")));
  }

  /** Uninstalls a package as one commit; see {@link Installer#uninstall}. */
  public Installer.Removed uninstall(String sourceName, String packageId, boolean force) {
    seam.requireWritable();
    Entity source = source(sourceName);
    return new Installer(store, seam, mirrors).uninstall(source, packageId, force);
  }

  /**
   * Updates the installed packages of a source (or one of them) to their newest versions, as
   * one commit (none with {@code dryRun}); capability changes need {@code consent}. See
   * {@link Updater}.
   */
  public List<Updater.Change> update(String sourceName, String packageId, boolean dryRun, boolean consent) {
    seam.requireWritable();
    Entity source = source(sourceName);
    return new Updater(store, seam, mirrors).update(source, catalog(source), packageId, dryRun, consent);
  }

  /**
   * Publishes {@code refs} ({@code rules/ID}, {@code prompt-templates/ID}, …; empty: the
   * entities of the package's previous version) as {@code packageId} to a marketplace
   * repository — a source's name or a URL — on a new branch for review. See {@link Publisher}.
   *
   * @param version null: the previous version with its patch number raised (1.0.0 for a new package)
   * @param type null: the previous version's, else guessed from the entities
   */
  public Publisher.Published publish(String sourceOrUrl, String packageId, String version, String type, List<String> refs) {
    Entity source = store.find(EntityTypes.MARKETPLACE_SOURCES, "name", sourceOrUrl).stream().findFirst().orElse(null);
    String url = source == null ? sourceOrUrl : source.getString("url");
    if (!NAME.matcher(packageId).matches()) {
      throw new InvalidEntityException("package " + packageId, "id", "a package id is 1 to 64 letters, digits, '-' and '_'");
    }
    return new Publisher(store, seam).publish(url, source == null ? null : mirrors.credentials(source.id()), packageId,
        version, type, refs);
  }

  /** Creates an empty marketplace repository (a {@code marketplace.yaml}, a README, one commit) at {@code dir}. */
  public static void createRepository(java.nio.file.Path dir, String name) {
    try {
      Publisher.init(dir, name);
    } catch (java.io.IOException e) {
      throw new dev.quire.StoreException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** An installed package with a newer version at its source: source name, package, installed and newest versions. */
  public record Outdated(String source, String packageId, String installed, String newest) {}

  /** The installed packages whose sources have newer versions (from the catalogs, refreshed when expired). */
  public List<Outdated> outdated() {
    List<Outdated> out = new ArrayList<>();
    for (Entity record : installed()) {
      Entity source = store.get(EntityTypes.MARKETPLACE_SOURCES, record.getString("sourceId")).orElse(null);
      if (source == null) {
        continue;
      }
      Catalog.Listing l = catalog(source).find(record.getString("packageId"));
      Semver have = Semver.parse(record.getString("version"));
      if (l != null && have != null && Semver.parse(l.version()).compareTo(have) > 0) {
        out.add(new Outdated(source.getString("name"), l.id(), have.toString(), l.version()));
      }
    }
    return out;
  }
}
