package dev.quire.serve;

import dev.quire.codec.JsonText;
import dev.quire.market.LiteChatJson;
import dev.quire.market.Marketplace;
import dev.quire.store.Store;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * LiteChat's HTTP marketplace for the packages the store publishes ({@code marketplace.yaml}
 * and {@code packages/} in its tree): {@code /marketplace/index.json}, a
 * {@code MarketplaceIndex} whose items' {@code downloadUrl}s are absolute, and
 * {@code /marketplace/packages/<id>.json}, each a {@code MarketplacePackage}. Public (it holds
 * only published packages); an {@code ETag} (the commit) answers an unchanged
 * {@code If-None-Match} with 304. The packages are read once per head, not per request.
 */
final class MarketplaceServlet extends HttpServlet {
  private final transient Store store;
  private final String publicUrl;

  MarketplaceServlet(Store store, String publicUrl) {
    this.store = store;
    this.publicUrl = publicUrl;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    LiteChatJson.Published published = published();
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    if (published == null) {
      text(response, HttpServletResponse.SC_NOT_FOUND, "this store publishes no packages (no marketplace.yaml)");
      return;
    }
    String etag = "\"" + published.commit() + "\"";
    response.setHeader("ETag", etag);
    response.setHeader("Cache-Control", "no-cache");
    if (etag.equals(request.getHeader("If-None-Match"))) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    String base = (publicUrl != null ? publicUrl.replaceAll("/+$", "")
        : request.getScheme() + "://" + request.getHeader("Host")) + "/marketplace/packages";
    byte[] json;
    if (path.equals("/index.json")) {
      json = indexJson(published, base);
    } else if (path.startsWith("/packages/") && path.endsWith(".json")) {
      Map<String, Object> body = published.packageJson(path.substring("/packages/".length(), path.length() - ".json".length()),
          base, store.seam().codec());
      json = body == null ? null : JsonText.of(body).getBytes(StandardCharsets.UTF_8);
    } else {
      json = null;
    }
    if (json == null) {
      text(response, HttpServletResponse.SC_NOT_FOUND, "no " + path + " here: see /marketplace/index.json");
      return;
    }
    response.setContentType("application/json; charset=utf-8");
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
  }

  /** What the store publishes at its head: read again only when the head has moved since the last request. */
  private LiteChatJson.Published published() {
    String head = store.commitId();
    Read last = this.last;
    if (last == null || !java.util.Objects.equals(last.head(), head)) {
      last = new Read(head, Marketplace.of(store).published());
      this.last = last;
    }
    return last.published();
  }

  /** The index's JSON, written once per head and address (LiteChat asks for it again and again). */
  private byte[] indexJson(LiteChatJson.Published published, String base) {
    Index last = this.lastIndex;
    if (last == null || last.published() != published || !last.base().equals(base)) {
      last = new Index(published, base, JsonText.of(published.index(base)).getBytes(StandardCharsets.UTF_8));
      this.lastIndex = last;
    }
    return last.json();
  }

  private record Index(LiteChatJson.Published published, String base, byte[] json) {}

  private transient volatile Index lastIndex;

  /** The packages read at a head (null: none published). */
  private record Read(String head, LiteChatJson.Published published) {}

  private transient volatile Read last;

  private static void text(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain; charset=utf-8");
    response.getWriter().println(message);
  }
}
