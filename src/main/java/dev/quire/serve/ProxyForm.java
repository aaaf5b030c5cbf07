package dev.quire.serve;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;

/**
 * isomorphic-git's CORS-proxy form: with LiteChat's proxy setting pointed at this server, a
 * request for the repository {@code http://<host>/<path>} arrives as {@code /<host>/<path>}.
 * Those whose host is this server (the request's own {@code Host}, or {@code --public-url}'s)
 * are served as {@code /<path>}; any other host is refused — this is never an open proxy.
 */
final class ProxyForm implements Filter {
  private final String publicHost;

  ProxyForm(String publicUrl) {
    this.publicHost = publicUrl == null ? null : URI.create(publicUrl).getRawAuthority();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    String uri = request.getRequestURI();
    int slash = uri.indexOf('/', 1);
    String first = slash < 0 ? uri.substring(1) : uri.substring(1, slash);
    if (slash < 0 || !first.contains(":") && !first.contains(".")) {
      chain.doFilter(req, res); // /git/…, /marketplace/…, /favicon.ico: not the proxy form
      return;
    }
    String host = request.getHeader("Host");
    if (!first.equalsIgnoreCase(host) && !first.equalsIgnoreCase(publicHost)) {
      ((HttpServletResponse) res).sendError(HttpServletResponse.SC_FORBIDDEN, first + " is not this server: quire serve"
          + " is no proxy for other hosts");
      return;
    }
    String rest = slash < 0 ? "/" : uri.substring(slash);
    String query = request.getQueryString();
    request.getRequestDispatcher(rest + (query == null ? "" : "?" + query)).forward(req, res);
  }
}
