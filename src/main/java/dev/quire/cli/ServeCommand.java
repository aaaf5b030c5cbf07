package dev.quire.cli;

import dev.quire.serve.StoreServer;
import dev.quire.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quire serve}: the store over Git's smart HTTP, for Git clients and LiteChat's browser (see {@link StoreServer}). */
@Command(name = "serve", description = "Serve the store over Git's smart HTTP (clone, fetch, and push with --user), with CORS for browsers, LiteChat's marketplace JSON and a read-only web view; Ctrl-C stops.")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Default ${DEFAULT-VALUE}.")
  String bind;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Default ${DEFAULT-VALUE} (0: any free port).")
  int port;

  @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "A browser origin allowed to call the server (repeatable; * for any).")
  List<String> origins = new ArrayList<>();

  @Option(names = "--public-url", paramLabel = "URL", description = "The address people reach the server at (for the marketplace's download links; default: each request's Host).")
  String publicUrl;

  @Option(names = "--read-only", description = "Refuse every push.")
  boolean readOnly;

  @Option(names = "--user", paramLabel = "NAME", description = "Require HTTP basic credentials for every Git request and page (the marketplace JSON stays public).")
  String user;

  @Option(names = "--password-stdin", description = "Read the --user's password from standard input and keep it in the local secret store (later runs need only --user).")
  boolean passwordStdin;

  @Override
  public Integer call() throws Exception {
    if (passwordStdin && user == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--password-stdin is the password of a --user");
    }
    String password = passwordStdin ? Main.passwordFromStdin() : null;
    Store store = main.openStore();
    if (password != null) {
      StoreServer.keepPassword(store, user, password);
    } else if (user != null) {
      password = StoreServer.keptPassword(store, user).orElse(null);
      if (password == null) {
        store.close();
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no password is kept for user " + user
            + " in this store's secret store: give it once with --password-stdin");
      }
    }
    String name = main.directory().toAbsolutePath().normalize().getFileName().toString();
    StoreServer server = StoreServer.start(store, name, new StoreServer.Options(bind, port, origins, user, password, publicUrl, readOnly));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      store.close();
    }, "quire-serve-stop"));
    String host = "http://" + server.address().getHostString() + ":" + server.address().getPort();
    spec.commandLine().getOut().println("serving " + server.gitUrl() + (user == null ? " (anyone may clone" : " (user " + user)
        + (readOnly ? "; read-only)" : user == null ? "; pushes need --user)" : "; pushes go through the store's rules)"));
    spec.commandLine().getOut().println("web view: " + host + "/conversations");
    spec.commandLine().getOut().println("LiteChat marketplace: " + (publicUrl != null ? publicUrl.replaceAll("/+$", "") : host)
        + "/marketplace/index.json (the store's marketplace.yaml and packages/, if any); Ctrl-C stops");
    spec.commandLine().getOut().flush();
    server.join();
    return Main.OK;
  }
}
