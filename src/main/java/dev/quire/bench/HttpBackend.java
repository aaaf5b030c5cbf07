package dev.quire.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * C git's own smart-HTTP server, for benchmarks and tests to compare with and to sync through:
 * {@code git http-backend} run as CGI behind the JDK's HTTP server on 127.0.0.1, with HTTP
 * basic authentication (none when the user is null). Serves every repository under a folder.
 */
public final class HttpBackend implements AutoCloseable {
  private final HttpServer server;
  private final Path root;
  private final String user;
  private final String password;
  /** When set, the next push request dies as a server going away would: no response. */
  public volatile boolean failNextPush;

  public HttpBackend(Path root, String user, String password) throws IOException {
    this.root = root;
    this.user = user;
    this.password = password;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/git/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public String url(String repository) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/git/" + repository;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String expected = user == null ? null
          : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      if (user != null && !expected.equals(auth)) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"quire-test\"");
        ex.sendResponseHeaders(401, -1);
        return;
      }
      if (failNextPush && ex.getRequestURI().getPath().endsWith("/git-receive-pack")) {
        failNextPush = false;
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(502, -1); // the server went away mid-push
        return;
      }
      ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
      Map<String, String> env = pb.environment();
      env.put("GIT_PROJECT_ROOT", root.toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("REMOTE_USER", user == null ? "anonymous" : user);
      env.put("REMOTE_ADDR", "127.0.0.1");
      env.put("REQUEST_METHOD", ex.getRequestMethod());
      env.put("PATH_INFO", ex.getRequestURI().getPath().substring("/git".length()));
      env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      env.put("CONTENT_TYPE", type == null ? "" : type);
      String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
      if (encoding != null) {
        env.put("HTTP_CONTENT_ENCODING", encoding);
      }
      String protocol = ex.getRequestHeaders().getFirst("Git-Protocol");
      if (protocol != null) {
        env.put("GIT_PROTOCOL", protocol);
      }
      Process p = pb.start();
      Thread feed = new Thread(() -> {
        try (OutputStream in = p.getOutputStream(); InputStream body = ex.getRequestBody()) {
          body.transferTo(in);
        } catch (IOException e) {
          // the CGI ended early; its output says why
        }
      }, "http-backend-input");
      feed.start();
      InputStream out = new java.io.BufferedInputStream(p.getInputStream());
      int status = 200;
      for (String line = headerLine(out); !line.isEmpty(); line = headerLine(out)) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          ex.getResponseHeaders().add(name, value);
        }
      }
      ex.sendResponseHeaders(status, 0); // streamed as C git writes it (chunked)
      try (OutputStream response = ex.getResponseBody()) {
        out.transferTo(response);
      }
      feed.join(TimeUnit.SECONDS.toMillis(60));
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One CGI header line without its line end; empty at the blank line (or the end). */
  private static String headerLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
