package dev.quire.market;

import dev.quire.ConflictException;
import dev.quire.InvalidEntityException;
import dev.quire.NotFoundException;
import dev.quire.codec.Format;
import dev.quire.internal.engine.Seam;
import dev.quire.internal.remote.RemoteMirror;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.file.PathUtils;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Publishes a package from the store's entities to a marketplace repository for review:
 * fetches the repository into a private mirror, writes {@code packages/<id>/} (its
 * {@code package.yaml} and one canonical file per entity; MCP servers from
 * {@code settings:mcpServers}) on top of its default branch, commits that on a new branch
 * {@code publish/<id>-v<version>} and pushes the branch, never the default branch: a
 * maintainer merges the pull request and tags {@code <id>/v<version>}. Entity types that hold
 * secrets, and values that look like secrets, are refused.
 */
public final class Publisher {
  /** What was published: the branch pushed, the commit, and the package's version. */
  public record Published(String branch, String commit, String version) {}

  private final Store store;
  private final Seam seam;

  Publisher(Store store, Seam seam) {
    this.store = store;
    this.seam = seam;
  }

  Published publish(String url, org.eclipse.jgit.transport.CredentialsProvider credentials, String packageId, String version,
      String type, List<String> refs) {
    Path mirrorDir = seam.privateDirectory().resolve("market/publish-" + Integer.toHexString(url.hashCode()) + ".git");
    try (RemoteMirror mirror = RemoteMirror.privateAt(mirrorDir)) {
      mirror.fetch(url, credentials, 0, List.of("+HEAD:refs/quire/head", "+refs/tags/*:refs/tags/*"));
      ObjectId head = mirror.resolve("refs/quire/head");
      if (head == null || mirror.read(head, "marketplace.yaml") == null) {
        throw new NotFoundException(url + " is not a marketplace repository (no marketplace.yaml on its default branch);"
            + " create one with `quire market init`");
      }
      MarketPackage previous = previous(mirror, head, packageId);
      List<String> wanted = refs.isEmpty() && previous != null
          ? previous.items().stream().map(MarketPackage.Item::ref).toList() : refs;
      if (wanted.isEmpty()) {
        throw new InvalidEntityException("package " + packageId, "entities", "name the entities to publish (rules/ID,"
            + " prompt-templates/ID, workflows/ID, mcp-servers/ID, settings/NAME)");
      }
      String v = version != null ? version : previous == null ? "1.0.0" : bump(previous.version());
      if (Semver.parse(v) == null) {
        throw new InvalidEntityException("package " + packageId, "version", "\"" + v + "\" is not a semantic version");
      }
      if (previous != null && Semver.parse(v).compareTo(Semver.parse(previous.version())) <= 0) {
        throw new ConflictException(packageId + " is at " + previous.version() + " in " + url + "; publish a greater version");
      }
      Map<String, byte[]> files = new TreeMap<>();
      if (previous != null) {
        previous.items().forEach(i -> files.put(i.path(), null));
      }
      String base = "packages/" + packageId + "/";
      for (String ref : wanted) {
        files.put(base + ref + ".yaml", file(ref));
      }
      Map<String, Object> meta = new LinkedHashMap<>(previous == null ? Map.of() : previous.metadata());
      meta.put("id", packageId);
      meta.putIfAbsent("name", packageId);
      meta.put("type", type != null ? type : meta.getOrDefault("type", guessType(wanted)));
      meta.put("version", v);
      meta.putIfAbsent("description", "");
      meta.put("lastUpdated", java.time.Instant.now(seam.clock()).toString());
      files.put(base + "package.yaml", seam.codec().writeTree(meta, Format.YAML).getBytes(StandardCharsets.UTF_8));
      ObjectId commit = mirror.commitFiles(head, files, seam.identity(), "publish " + packageId + " " + v);
      check(mirror, commit, packageId);
      String branch = "publish/" + packageId + "-v" + v;
      if (!mirror.pushWithLease(url, credentials, branch, commit, null)) {
        throw new ConflictException(url + " has a branch " + branch + " already; publish another version");
      }
      return new Published(branch, commit.name(), v);
    } finally {
      try {
        PathUtils.deleteDirectory(mirrorDir);
      } catch (IOException e) {
        // a private scratch mirror: left for the next publish to reuse
      }
    }
  }

  private MarketPackage previous(RemoteMirror mirror, ObjectId head, String packageId) {
    try (ObjectReader reader = mirror.repository().newObjectReader()) {
      return new SourceReader(reader, seam.codec(), SourceReader.Limits.DEFAULT, "target").readPackage(head, packageId);
    } catch (NotFoundException e) {
      return null;
    }
  }

  /** The commit as a refresh and {@code market validate} would read it: a package that would be refused is not pushed. */
  private void check(RemoteMirror mirror, ObjectId commit, String packageId) {
    try (ObjectReader reader = mirror.repository().newObjectReader()) {
      MarketPackage p = new SourceReader(reader, seam.codec(), SourceReader.Limits.DEFAULT, "publish").readPackage(commit, packageId);
      if (!p.hiddenText().isEmpty()) {
        throw new ConflictException("the package would hold text a reviewer does not see: " + String.join("; ", p.hiddenText())
            + "; nothing was pushed");
      }
    }
  }

  /** The canonical file of {@code folder/id} from the store, refused if it could carry a secret. */
  private byte[] file(String ref) {
    int slash = ref.indexOf('/');
    String folder = slash < 0 ? "" : ref.substring(0, slash);
    String id = ref.substring(slash + 1);
    EntityType type = SourceReader.FOLDERS.get(folder);
    if (type == null || slash < 0) {
      throw new InvalidEntityException(ref, null, "publish entities as rules/ID, prompt-templates/ID, workflows/ID,"
          + " mcp-servers/ID or settings/NAME");
    }
    Object content;
    if (folder.equals(McpServers.FOLDER)) {
      content = McpServers.find(McpServers.list(new Installer.Reads(store::get, store::list)), id);
      if (content == null) {
        throw new NotFoundException("no MCP server \"" + id + "\" in settings:mcpServers");
      }
    } else {
      content = store.require(type, folder.equals("settings") ? type.keyPrefix() + id : id);
    }
    List<MarketValidator.Problem> secrets = new ArrayList<>();
    MarketValidator.secrets(content instanceof Entity e ? e.fields() : content, "", ref, secrets);
    if (!secrets.isEmpty()) {
      throw new ConflictException(secrets.get(0) + "; nothing was published");
    }
    return content instanceof Entity e ? seam.codec().encode(e, Format.YAML)
        : seam.codec().writeTree(content, Format.YAML).getBytes(StandardCharsets.UTF_8);
  }

  private static String guessType(List<String> refs) {
    String folder = refs.get(0).substring(0, refs.get(0).indexOf('/'));
    boolean same = refs.stream().allMatch(r -> r.startsWith(folder + "/"));
    return !same ? "config-bundle" : switch (folder) {
      case "rules" -> "rule";
      case "prompt-templates" -> "template";
      case "workflows" -> "workflow";
      case "mcp-servers" -> "mcp-server";
      default -> "config-bundle";
    };
  }

  private static String bump(String version) {
    Semver v = Semver.parse(version);
    return v.major() + "." + v.minor() + "." + (v.patch() + 1);
  }

  /** Creates an empty marketplace repository at {@code dir}: {@code marketplace.yaml}, a README, one commit. */
  static void init(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(dir.toFile())
        .setInitialBranch("main").call()) {
      Files.writeString(dir.resolve("marketplace.yaml"), "name: " + name + "\ndescription: \"\"\nversion: 1.0.0\n");
      Files.writeString(dir.resolve("README.md"), "# " + name + "\n\nA marketplace of LiteChat rules, prompt templates,"
          + " agents, workflows and MCP servers, laid out as Quire reads it: packages/<package-id>/package.yaml and one"
          + " file per entity. Check a change with `quire market validate`.\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("a new marketplace").setAuthor("Quire", "quire@localhost").setCommitter("Quire", "quire@localhost")
          .setSign(false).call();
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new dev.quire.StoreException("cannot create a marketplace repository at " + dir + ": " + e.getMessage(), e);
    }
  }
}
