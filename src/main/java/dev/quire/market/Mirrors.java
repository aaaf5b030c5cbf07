package dev.quire.market;

import dev.quire.NotFoundException;
import dev.quire.StoreException;
import dev.quire.codec.Format;
import dev.quire.internal.engine.Seam;
import dev.quire.internal.remote.RemoteMirror;
import dev.quire.model.Entity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.file.PathUtils;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;

/**
 * The private mirrors of a store's marketplace sources ({@code .git/quire/market/<id>.git},
 * bare, never checked out) and their cached catalogs ({@code <id>.catalog.json} beside them):
 * a refresh fetches the source's branch and version tags, shallow where the server allows
 * (or, for LiteChat's HTTP index, writes what it serves as a commit: {@link HttpIndex}),
 * reads the branch's commit with {@link SourceReader} (a refusal leaves the previous catalog
 * as it was) and saves the catalog.
 */
final class Mirrors {
  private static final String HEAD_REF = "refs/quire/head";

  private final Seam seam;
  private final Path dir;

  Mirrors(Seam seam) {
    this.seam = seam;
    this.dir = seam.privateDirectory().resolve("market");
  }

  private Path mirrorDir(String sourceId) {
    return dir.resolve(sourceId + ".git");
  }

  private Path signersFile(String sourceId) {
    return dir.resolve(sourceId + ".allowed-signers");
  }

  private Path catalogFile(String sourceId) {
    return dir.resolve(sourceId + ".catalog.json");
  }

  Catalog refresh(Entity source, Instant now, Duration lifetime) {
    String name = source.getString("name");
    String url = source.getString("url");
    String ref = source.getString("ref");
    try (RemoteMirror mirror = RemoteMirror.privateAt(mirrorDir(source.id()))) {
      fetch(mirror, source, 1);
      ObjectId commit = mirror.resolve(HEAD_REF);
      if (commit == null) {
        throw new NotFoundException(name + " (" + url + ") has no branch " + (ref == null ? "HEAD" : ref));
      }
      Signatures.check(mirror.repository(), commit, source, signersFile(source.id()));
      Catalog cached = cached(source.id());
      if (cached != null && cached.commit().equals(commit.name()) && cached.url().equals(url)
          && cached.source().equals(name) && tagsUnchanged(mirror, cached)) {
        Catalog again = new Catalog(name, url, cached.commit(), cached.metadata(), cached.packages(), now, now.plus(lifetime));
        save(source.id(), again); // the same commit, read before: only the times move
        return again;
      }
      Catalog.Snapshot snapshot;
      try (ObjectReader reader = mirror.repository().newObjectReader()) {
        snapshot = new SourceReader(reader, seam.codec(), SourceReader.Limits.DEFAULT, name).read(commit);
      }
      Map<String, List<String>> versions = versions(mirror, snapshot);
      List<Catalog.Listing> listings = new ArrayList<>();
      for (MarketPackage p : snapshot.packages()) {
        listings.add(new Catalog.Listing(p.id(), p.name(), p.type(), p.description(), p.version(), p.dependencies(),
            p.items().stream().map(MarketPackage.Item::ref).toList(), versions.get(p.id()), !p.hiddenText().isEmpty()));
      }
      Catalog catalog = new Catalog(name, url, commit.name(), snapshot.metadata(), listings, now, now.plus(lifetime));
      save(source.id(), catalog);
      return catalog;
    }
  }

  /**
   * Brings the source's branch ({@link #HEAD_REF}) and version tags into its mirror, {@code depth}
   * commits deep (0: whole); a LiteChat HTTP index is fetched and written as a commit there.
   */
  private void fetch(RemoteMirror mirror, Entity source, int depth) {
    String url = source.getString("url");
    if (HttpIndex.isIndexUrl(url)) {
      mirror.forceRef(HEAD_REF, new HttpIndex(seam.codec()).fetch(mirror, source.getString("name"), url));
      return;
    }
    String ref = source.getString("ref");
    String head = ref == null ? Constants.HEAD : ref.startsWith("refs/") ? ref : Constants.R_HEADS + ref;
    mirror.fetch(url, credentials(source.id()), depth, List.of("+" + head + ":" + HEAD_REF, "+refs/tags/*:refs/tags/*"));
  }

  /** The key of a source's credential in the local secret store. */
  private static String credentialKey(String sourceId, String what) {
    return "market-source:" + sourceId + ":" + what;
  }

  /** Keeps (nulls: removes) a source's user name and password in the local secret store. */
  void setCredentials(String sourceId, String username, String password) {
    Map<String, String> changes = new java.util.HashMap<>();
    changes.put(credentialKey(sourceId, "username"), username);
    changes.put(credentialKey(sourceId, "password"), password);
    seam.secretValues().local().update(changes);
  }

  /** A source's credentials for JGit's transports, or null when none are kept. */
  org.eclipse.jgit.transport.CredentialsProvider credentials(String sourceId) {
    Map<String, String> all = seam.secretValues().local().all();
    return RemoteMirror.credentials(all.get(credentialKey(sourceId, "username")), all.get(credentialKey(sourceId, "password")));
  }

  /** Whether the mirror's version tags give the cached catalog's versions still. */
  private static boolean tagsUnchanged(RemoteMirror mirror, Catalog cached) {
    Map<String, String> heads = new LinkedHashMap<>();
    cached.packages().forEach(p -> heads.put(p.id(), p.version()));
    Map<String, List<String>> versions = versions(mirror, heads);
    return cached.packages().stream().allMatch(p -> p.versions().equals(versions.get(p.id())));
  }

  /** Each package's versions, newest first: the branch's, and those of its {@code <id>/v<version>} tags. */
  private static Map<String, List<String>> versions(RemoteMirror mirror, Catalog.Snapshot snapshot) {
    Map<String, String> heads = new LinkedHashMap<>();
    snapshot.packages().forEach(p -> heads.put(p.id(), p.version()));
    return versions(mirror, heads);
  }

  private static Map<String, List<String>> versions(RemoteMirror mirror, Map<String, String> heads) {
    Map<String, List<Semver>> found = new TreeMap<>();
    heads.forEach((id, v) -> found.computeIfAbsent(id, k -> new ArrayList<>()).add(Semver.parse(v)));
    versionTags(mirror.repository()).forEach((id, tagged) -> {
      List<Semver> known = found.get(id);
      if (known != null) {
        tagged.stream().filter(v -> !known.contains(v)).forEach(known::add);
      }
    });
    Map<String, List<String>> out = new LinkedHashMap<>();
    found.forEach((id, vs) -> out.put(id, vs.stream().sorted(Comparator.reverseOrder()).map(Semver::toString).toList()));
    return out;
  }

  /** The versions the tags {@code <package-id>/v<version>} of a repository name, by package id. */
  static Map<String, List<Semver>> versionTags(org.eclipse.jgit.lib.Repository repo) {
    Map<String, List<Semver>> out = new java.util.HashMap<>();
    try {
      for (Ref tag : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        String name = tag.getName().substring(Constants.R_TAGS.length());
        int slash = name.lastIndexOf("/v");
        Semver v = slash < 0 ? null : Semver.parse(name.substring(slash + 2));
        if (v != null) {
          out.computeIfAbsent(name.substring(0, slash), k -> new ArrayList<>()).add(v);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list the tags of " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * A package at a version (null: the catalog's), read whole from the mirror: at the catalog's
   * commit for its version, else at the tag {@code <id>/v<version>}.
   */
  MarketPackage read(Entity source, Catalog catalog, String packageId, String version) {
    Catalog.Listing listing = catalog.find(packageId);
    if (listing == null) {
      throw new NotFoundException(catalog.source() + " has no package \"" + packageId + "\"; see `quire market search`");
    }
    String v = version == null ? listing.version() : version;
    if (!listing.versions().contains(v)) {
      throw new NotFoundException(catalog.source() + "/" + packageId + " has no version " + v + "; it has "
          + String.join(", ", listing.versions()));
    }
    try (RemoteMirror mirror = RemoteMirror.privateAt(mirrorDir(source.id()))) {
      ObjectId commit = v.equals(listing.version()) ? ObjectId.fromString(catalog.commit())
          : peeled(mirror, Constants.R_TAGS + packageId + "/v" + v);
      return readAt(mirror, source, commit, packageId);
    }
  }

  /** A package as it is at {@code commit} of the source's mirror (the commit an install recorded). */
  MarketPackage readAt(Entity source, String commit, String packageId) {
    try (RemoteMirror mirror = RemoteMirror.privateAt(mirrorDir(source.id()))) {
      return readAt(mirror, source, ObjectId.fromString(commit), packageId);
    }
  }

  /**
   * A package at a commit a lockfile recorded: from the mirror, fetched whole first when the
   * mirror lacks that commit (a new device, or a shallow mirror).
   */
  MarketPackage readPinned(Entity source, String commit, String packageId) {
    try (RemoteMirror mirror = RemoteMirror.privateAt(mirrorDir(source.id()))) {
      ObjectId id = ObjectId.fromString(commit);
      boolean have;
      try (ObjectReader reader = mirror.repository().newObjectReader()) {
        have = reader.has(id);
      } catch (IOException e) {
        have = false;
      }
      if (!have) {
        fetch(mirror, source, 0);
      }
      return readAt(mirror, source, id, packageId);
    }
  }

  private MarketPackage readAt(RemoteMirror mirror, Entity source, ObjectId commit, String packageId) {
    String sourceName = source.getString("name");
    try (ObjectReader reader = mirror.repository().newObjectReader()) {
      if (!reader.has(commit)) {
        throw new NotFoundException(sourceName + " no longer has commit " + commit.name() + " in its mirror;"
            + " refresh the source (quire market refresh " + sourceName + ")");
      }
      Signatures.check(mirror.repository(), commit, source, signersFile(source.id()));
      return new SourceReader(reader, seam.codec(), SourceReader.Limits.DEFAULT, sourceName).readPackage(commit, packageId);
    } catch (IOException e) {
      throw new StoreException("cannot read the mirror of " + sourceName + ": " + e.getMessage(), e);
    }
  }

  private static ObjectId peeled(RemoteMirror mirror, String tag) {
    ObjectId id = mirror.resolve(tag + "^{commit}");
    if (id == null) {
      throw new NotFoundException("the mirror has no tag " + tag + "; refresh the source");
    }
    return id;
  }

  /** The cached catalog, or null when there is none or it cannot be read (it is a cache). */
  Catalog cached(String sourceId) {
    Path file = catalogFile(sourceId);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return CatalogJson.read(seam.codec().readTree(Format.JSON, Files.readAllBytes(file), file.toString()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private void save(String sourceId, Catalog catalog) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(sourceId + ".catalog.json.tmp");
      Files.writeString(tmp, seam.codec().writeTree(CatalogJson.tree(catalog), Format.JSON), StandardCharsets.UTF_8);
      Files.move(tmp, catalogFile(sourceId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreException("cannot save the catalog of " + catalog.source() + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Removes a source's mirror, catalog, allowed signers and credentials. */
  void forget(String sourceId) {
    setCredentials(sourceId, null, null);
    try {
      Files.deleteIfExists(catalogFile(sourceId));
      Files.deleteIfExists(signersFile(sourceId));
      if (Files.exists(mirrorDir(sourceId))) {
        PathUtils.deleteDirectory(mirrorDir(sourceId));
      }
    } catch (IOException e) {
      throw new StoreException("cannot remove the mirror " + mirrorDir(sourceId) + ": " + e.getMessage(), e);
    }
  }
}
