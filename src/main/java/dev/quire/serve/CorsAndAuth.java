package dev.quire.serve;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * What a browser's Git client (isomorphic-git, LiteChat's) needs in front of the Git routes:
 * CORS preflights answered before authentication, {@code Access-Control-Allow-Origin} for the
 * configured origins on every response, 401s included (a browser hides a 401 without it, and
 * isomorphic-git then never asks for credentials), and HTTP basic authentication when the
 * server has a user: a 401 with {@code WWW-Authenticate: Basic} for every request without the
 * right credentials, except LiteChat's marketplace JSON, which holds only published packages.
 */
final class CorsAndAuth implements Filter {
  static final String ALLOWED_HEADERS = "authorization, content-type, git-protocol, cache-control, accept";
  static final String ALLOWED_METHODS = "GET, POST, OPTIONS";

  private final List<String> origins;
  private final byte[] expected;

  CorsAndAuth(List<String> origins, String user, String password) {
    this.origins = origins;
    this.expected = user == null ? null
        : ("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String origin = request.getHeader("Origin");
    boolean allowed = origin != null && (origins.contains("*") || origins.contains(origin));
    if (allowed) {
      response.setHeader("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin);
      response.setHeader("Vary", "Origin");
      response.setHeader("Access-Control-Expose-Headers", "www-authenticate, content-type");
    }
    if ("OPTIONS".equals(request.getMethod())) {
      if (allowed) {
        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      } else {
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin " + origin + " is not allowed (quire serve --allow-origin)");
      }
      return;
    }
    if (expected != null && !request.getRequestURI().startsWith("/marketplace/")) { // published packages stay public
      String auth = request.getHeader("Authorization");
      if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected)) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"quire\", charset=\"UTF-8\"");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().println(auth == null ? "this store needs credentials" : "wrong user or password");
        return;
      }
    }
    chain.doFilter(req, res);
  }
}
