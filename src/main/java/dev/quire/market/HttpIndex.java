package dev.quire.market;

import dev.quire.MalformedFileException;
import dev.quire.RemoteException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.internal.remote.RemoteMirror;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * LiteChat's own marketplace over HTTP as a source: the {@code MarketplaceIndex} JSON at the
 * source URL (it must have {@code name}, {@code version} and an {@code items} array, as
 * LiteChat requires) and each item's {@code MarketplacePackage} at its {@code downloadUrl}
 * (top-level {@code id}, {@code name} and {@code type}, and {@code metadata.id} equal to the
 * item's id, as LiteChat checks). Both are fetched as LiteChat fetches them ({@code Accept:
 * application/json}, {@code Cache-Control: no-cache}), with size and count limits, and
 * written as a marketplace repository (DESIGN §9) in a commit of the source's private mirror:
 * a root commit with a fixed author and time, so the same index gives the same commit on every
 * device, and the rest — refusals, catalog, install, lockfile, update, {@code --locked} — is
 * the same as for a Git source.
 */
final class HttpIndex {
  private static final int MAX_ITEMS = 2_000;
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final PersonIdent FIXED = new PersonIdent("LiteChat index", "index@localhost", 0L, 0);
  /** The kinds of content of a {@code MarketplacePackage} and the folders they become. */
  private static final Map<String, String> CONTENT = Map.of("rules", "rules", "promptTemplates", "prompt-templates",
      "agents", "prompt-templates", "workflows", "workflows", "mcpServers", "mcp-servers", "settings", "settings");

  private final EntityCodec codec;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  HttpIndex(EntityCodec codec) {
    this.codec = codec;
  }

  /** Whether a source URL is LiteChat's HTTP index rather than a Git repository. */
  static boolean isIndexUrl(String url) {
    String u = url.toLowerCase(java.util.Locale.ROOT);
    int q = u.indexOf('?');
    return (u.startsWith("http://") || u.startsWith("https://")) && (q < 0 ? u : u.substring(0, q)).endsWith(".json");
  }

  /** Fetches the index and its packages and commits them, as a marketplace repository, in {@code mirror}. */
  ObjectId fetch(RemoteMirror mirror, String name, String url) {
    Map<String, Object> index = object(get(url), url);
    if (!(index.get("name") instanceof String) || index.get("version") == null || !(index.get("items") instanceof List<?> items)) {
      throw new MalformedFileException(url, 0, 0, "a LiteChat marketplace index has name, version and an items array");
    }
    if (items.size() > MAX_ITEMS) {
      throw new MalformedFileException(url, 0, 0, "the index lists " + items.size() + " items, more than the " + MAX_ITEMS
          + " a source may hold");
    }
    Map<String, byte[]> files = new TreeMap<>();
    Map<String, Object> meta = new LinkedHashMap<>(index);
    meta.remove("items");
    files.put("marketplace.yaml", yaml(meta));
    for (Object o : items) {
      if (!(o instanceof Map<?, ?> raw)) {
        throw new MalformedFileException(url, 0, 0, "items: each is an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> item = new LinkedHashMap<>((Map<String, Object>) raw);
      String id = safeId(item.get("id"), url, "an item's id");
      String download = item.get("downloadUrl") instanceof String d ? URI.create(url).resolve(d).toString() : null;
      if (download == null) {
        throw new MalformedFileException(url, 0, 0, "item " + id + " has no downloadUrl");
      }
      Map<String, Object> pkg = object(get(download), download);
      Object metaId = pkg.get("metadata") instanceof Map<?, ?> m ? m.get("id") : null;
      if (pkg.get("id") == null || pkg.get("name") == null || pkg.get("type") == null || !id.equals(metaId)) {
        throw new MalformedFileException(download, 0, 0, "a LiteChat package has id, name and type, and metadata.id equal"
            + " to the item's id (\"" + id + "\")");
      }
      String base = "packages/" + id + "/";
      Map<String, Object> manifest = new LinkedHashMap<>(item);
      manifest.remove("downloadUrl");
      manifest.putIfAbsent("type", "rule");
      manifest.putIfAbsent("version", "1.0.0");
      files.put(base + "package.yaml", yaml(manifest));
      if (pkg.get("content") instanceof Map<?, ?> content) {
        for (Map.Entry<?, ?> c : content.entrySet()) {
          String folder = CONTENT.get(String.valueOf(c.getKey()));
          if (folder == null || c.getValue() == null) {
            continue; // LiteChat's own importers ignore other kinds too
          }
          if (folder.equals("settings") && c.getValue() instanceof Map<?, ?> settings) {
            settings.forEach((k, v) -> files.put(base + "settings/" + safeId(k, download, "a setting's name") + ".yaml",
                yaml(Map.of("key", "settings:" + k, "value", v))));
            continue;
          }
          if (!(c.getValue() instanceof List<?> list)) {
            throw new MalformedFileException(download, 0, 0, "content." + c.getKey() + ": a list");
          }
          for (Object e : list) {
            if (!(e instanceof Map<?, ?> m)) {
              throw new MalformedFileException(download, 0, 0, "content." + c.getKey() + ": each is an object");
            }
            String eid = safeId(m.get("id"), download, "content." + c.getKey() + " id");
            files.put(base + folder + "/" + eid + ".yaml", folder.equals("mcp-servers") ? yaml(m)
                : codec.encode(Entity.fromTree(type(folder), cast(m), download + ": content." + c.getKey()), Format.YAML));
          }
        }
      }
    }
    return mirror.commitFiles(null, files, FIXED, "LiteChat marketplace index " + name + " (" + url + ")");
  }

  private static EntityType type(String folder) {
    return SourceReader.FOLDERS.get(folder);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> cast(Map<?, ?> m) {
    return (Map<String, ?>) m;
  }

  private static String safeId(Object id, String where, String what) {
    if (!(id instanceof String s) || !SAFE_ID.matcher(s).matches() || s.equals("..")) {
      throw new MalformedFileException(where, 0, 0, what + " \"" + id + "\" is not a safe id (letters, digits, '_', '.', '-')");
    }
    return s;
  }

  private byte[] yaml(Object tree) {
    return codec.writeTree(tree, Format.YAML).getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, Object> object(byte[] json, String url) {
    Object tree = codec.readTree(Format.JSON, json, url);
    if (!(tree instanceof Map<?, ?> m)) {
      throw new MalformedFileException(url, 1, 1, "expected a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) m;
    return out;
  }

  /** A GET as LiteChat makes it, refused past {@link SourceReader.Limits#maxFileBytes}. */
  private byte[] get(String url) {
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new MalformedFileException(url, 0, 0, "a LiteChat index links only http(s) addresses");
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json").header("Cache-Control", "no-cache").GET().build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new RemoteException("GET " + url + " answered " + response.statusCode() + "; nothing was changed", null);
        }
        long limit = SourceReader.Limits.DEFAULT.maxFileBytes();
        byte[] body = in.readNBytes((int) limit + 1);
        if (body.length > limit) {
          throw new MalformedFileException(url, 0, 0, "is larger than the " + limit + " bytes a file may have");
        }
        return body;
      }
    } catch (IOException e) {
      throw new RemoteException("cannot GET " + url + ": " + e.getMessage() + "; nothing was changed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException("interrupted while fetching " + url, e);
    }
  }
}
