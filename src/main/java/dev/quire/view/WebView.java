package dev.quire.view;

import dev.quire.NotFoundException;
import dev.quire.StoreException;
import dev.quire.store.Store;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The read-only web view of a store, as one servlet for the root of {@code quire serve}:
 * {@code /conversations} (newest first, 50 a page) and {@code /conversations/<id>} (the
 * transcript), {@code /types}, {@code /types/<type>}, {@code /types/<type>/<id>} (an entity and
 * its history) and {@code …/diff?from=&to=} (field by field), {@code /log}, {@code /conflicts}
 * and {@code /packages}. It answers GET only; every page is escaped HTML sent with a
 * Content-Security-Policy that runs no script, and a bad address gets a 400 or 404 page that
 * says what to ask for instead.
 */
public final class WebView extends HttpServlet {
  private static final long serialVersionUID = 1L;
  /** No script, no frames, no outside resources: a page is text, styles and the store's own images. */
  static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
      + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final transient Store store;
  private final transient ConversationPages conversations;
  private final transient EntityPages entities;
  private final transient StorePages pages;

  /** A web view of {@code store}. */
  public WebView(Store store) {
    this.store = store;
    this.conversations = new ConversationPages(store);
    this.entities = new EntityPages(store);
    this.pages = new StorePages(store);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    if (parts.isEmpty()) {
      response.sendRedirect("/conversations");
      return;
    }
    int status = HttpServletResponse.SC_OK;
    String template;
    Map<String, Object> model;
    try {
      template = route(parts);
      model = model(template, parts, request);
    } catch (NotFoundException e) {
      status = HttpServletResponse.SC_NOT_FOUND;
      template = "error";
      model = Templates.model("title", "Not found", "message", e.getMessage());
    } catch (BadRequest e) {
      status = HttpServletResponse.SC_BAD_REQUEST;
      template = "error";
      model = Templates.model("title", "Bad request", "message", e.getMessage());
    } catch (StoreException e) {
      status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
      template = "error";
      model = Templates.model("title", "The store could not answer", "message", e.getMessage());
    }
    model.put("store", storeName());
    model.put("head", head());
    byte[] html = Templates.render(template, model).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/html; charset=utf-8");
    response.setHeader("Content-Security-Policy", POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cache-Control", "no-cache");
    response.setContentLength(html.length);
    response.getOutputStream().write(html);
  }

  /** The template that answers a path, or a 404 naming the pages there are. */
  private static String route(List<String> p) {
    String first = p.get(0);
    int n = p.size();
    if (first.equals("conversations") && n <= 2) {
      return n == 1 ? "conversations" : "conversation";
    }
    if (first.equals("types") && n <= 3) {
      return n == 1 ? "types" : n == 2 ? "entities" : "entity";
    }
    if (first.equals("types") && n == 4 && p.get(3).equals("diff")) {
      return "diff";
    }
    if (n == 1 && (first.equals("log") || first.equals("conflicts") || first.equals("packages"))) {
      return first;
    }
    throw new NotFoundException("no page /" + String.join("/", p)
        + " here; the pages are /conversations, /types, /log, /conflicts and /packages");
  }

  private Map<String, Object> model(String template, List<String> p, HttpServletRequest request) {
    return switch (template) {
      case "conversations" -> conversations.list(Paging.of(request, "/conversations"));
      case "conversation" -> conversations.transcript(p.get(1));
      case "types" -> entities.types();
      case "entities" -> entities.list(p.get(1), Paging.of(request, "/types/" + Urls.segment(p.get(1))));
      case "entity" -> entities.entity(p.get(1), p.get(2));
      case "diff" -> entities.diff(p.get(1), p.get(2), request.getParameter("from"), request.getParameter("to"));
      case "log" -> pages.log(Paging.of(request, "/log"));
      case "conflicts" -> pages.conflicts();
      case "packages" -> pages.packages();
      default -> throw new IllegalStateException(template);
    };
  }

  private String storeName() {
    Path name = store.directory().toAbsolutePath().normalize().getFileName();
    return name == null ? "store" : name.toString();
  }

  private String head() {
    String head = store.commitId();
    return head == null ? "no commits yet" : head.substring(0, 12);
  }
}
