package dev.quire.serve;

import dev.quire.StoreException;
import dev.quire.internal.engine.Seam;
import dev.quire.store.Store;
import dev.quire.view.WebView;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/**
 * {@code quire serve}: a store over Git's smart HTTP at {@code /git/<name>.git} (JGit's
 * {@code GitServlet} on Jetty 12), with the CORS answers LiteChat's browser client needs
 * ({@link CorsAndAuth}) and HTTP basic authentication; LiteChat's HTTP marketplace at
 * {@code /marketplace/} ({@link MarketplaceServlet}); and the read-only web view for people at
 * every other address ({@link WebView}). Clones and fetches are served as JGit
 * serves them; pushes, which need a {@code --user}, go through the store's rules
 * ({@link StorePush}).
 */
public final class StoreServer implements AutoCloseable {
  /**
   * How to serve: where, to which browser origins, with which credentials (null: anyone may
   * read), and the address people reach the server at (for the marketplace's download links).
   */
  public record Options(String bind, int port, List<String> allowedOrigins, String user, String password, String publicUrl,
      boolean readOnly) {
    /** Without a public URL (the marketplace's download links are made from each request's Host), pushes taken. */
    public Options(String bind, int port, List<String> allowedOrigins, String user, String password) {
      this(bind, port, allowedOrigins, user, password, null, false);
    }

    public Options {
      Objects.requireNonNull(bind, "bind == null");
      allowedOrigins = List.copyOf(allowedOrigins);
      if ((user == null) != (password == null)) {
        throw new IllegalArgumentException("a user needs a password, and a password a user");
      }
    }
  }

  /** The largest pack a push may send (a store's whole history fits; a runaway client does not). */
  static final long MAX_PUSH_BYTES = 512L << 20;

  /** The largest request body: a push's pack and its ref commands. */
  static final long MAX_REQUEST_BYTES = MAX_PUSH_BYTES + (1L << 20);

  private final Server server;
  private final ServerConnector connector;
  private final String name;

  private StoreServer(Server server, ServerConnector connector, String name) {
    this.server = server;
    this.connector = connector;
    this.name = name;
  }

  /** Starts serving {@code store} as {@code /git/<name>.git}. */
  public static StoreServer start(Store store, String name, Options options) {
    Seam seam = store.seam();
    Repository repo = seam.repo();
    keepJGitFromCollecting(repo);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(options.bind());
    connector.setPort(options.port());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    GitServlet git = new GitServlet();
    RepositoryResolver<jakarta.servlet.http.HttpServletRequest> resolver = (request, asked) -> {
      if (!asked.equals(name + ".git") && !asked.equals(name)) {
        throw new org.eclipse.jgit.errors.RepositoryNotFoundException(asked);
      }
      repo.incrementOpen();
      return repo;
    };
    git.setRepositoryResolver(resolver);
    StorePush push = new StorePush(seam);
    git.setReceivePackFactory((request, db) -> {
      if (options.readOnly()) {
        throw new ServiceNotEnabledException("this server is read-only (quire serve --read-only)");
      }
      if (options.user() == null) {
        throw new ServiceNotEnabledException("pushes need credentials: start the server with --user");
      }
      org.eclipse.jgit.transport.ReceivePack rp = new org.eclipse.jgit.transport.ReceivePack(db);
      rp.setAllowNonFastForwards(false);
      rp.setAllowDeletes(false);
      rp.setAtomic(true);
      rp.setMaxPackSizeLimit(MAX_PUSH_BYTES);
      rp.setPreReceiveHook(push);
      return rp;
    });
    context.addServlet(new ServletHolder(git), "/git/*");
    context.addServlet(new ServletHolder(new MarketplaceServlet(store, options.publicUrl())), "/marketplace/*");
    context.addServlet(new ServletHolder(new WebView(store)), "/");
    context.addFilter(new FilterHolder(new CorsAndAuth(options.allowedOrigins(), options.user(), options.password())), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(new ProxyForm(options.publicUrl())), "/*", EnumSet.of(DispatcherType.REQUEST));
    // no request body beyond a push's pack (plus its commands), checked from Content-Length or as the bytes arrive: 413
    org.eclipse.jetty.server.handler.SizeLimitHandler limit = new org.eclipse.jetty.server.handler.SizeLimitHandler(MAX_REQUEST_BYTES, -1);
    limit.setHandler(context);
    server.setHandler(limit);
    org.eclipse.jetty.server.handler.ErrorHandler errors = new org.eclipse.jetty.server.handler.ErrorHandler();
    errors.setShowStacks(false); // a bad request gets its status and a line, never a stack trace
    server.setErrorHandler(errors);
    try {
      server.start();
    } catch (Exception e) {
      throw new StoreException("cannot serve on " + options.bind() + ":" + options.port() + ": " + e.getMessage(), e);
    }
    if (options.user() != null && !options.readOnly()) {
      Thread warm = new Thread(push::warm, "quire-serve-check-head");
      warm.setDaemon(true);
      warm.start();
    }
    return new StoreServer(server, connector, name);
  }

  /**
   * Turns off the garbage collection JGit's receive-pack runs after a push ({@code receive.autogc},
   * on by default): the store merges its packs itself, and a JGit collection would write packs
   * with bitmaps, which that merging leaves alone, one more at every collection. Written to the
   * repository's config once, so that C git's receive-pack behaves alike.
   */
  private static void keepJGitFromCollecting(Repository repo) {
    org.eclipse.jgit.lib.StoredConfig config = repo.getConfig();
    if (config.getBoolean("receive", "autogc", true)) {
      config.setBoolean("receive", null, "autogc", false);
      try {
        config.save();
      } catch (java.io.IOException e) {
        throw new StoreException("cannot write " + repo.getDirectory() + "/config: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Keeps the password of the server's {@code --user} in the store's local secret store (the
   * file sync and marketplace credentials live in, outside the versioned tree: never in config
   * or a commit), so that the next {@code quire serve --user NAME} needs no password typed.
   */
  public static void keepPassword(Store store, String user, String password) {
    store.seam().secretValues().local().update(java.util.Collections.singletonMap(passwordKey(user), password));
  }

  /** The password kept for {@code user} by {@link #keepPassword}, if any. */
  public static java.util.Optional<String> keptPassword(Store store, String user) {
    return java.util.Optional.ofNullable(store.seam().secretValues().local().all().get(passwordKey(user)));
  }

  private static String passwordKey(String user) {
    return "serve-user:" + user + ":password";
  }

  /** The address the server listens on (its port, when 0 was asked for, chosen by the system). */
  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** The Git URL of the served store. */
  public String gitUrl() {
    return "http://" + connector.getHost() + ":" + connector.getLocalPort() + "/git/" + name + ".git";
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new StoreException("cannot stop the server: " + e.getMessage(), e);
    }
  }
}
