package dev.quire.cli;

import dev.quire.store.Store;
import dev.quire.sync.Remotes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quire remote add|list|remove}: the store's Git remotes. */
@Command(name = "remote", description = "Manage the store's Git remotes (standard [remote] configuration).",
    subcommands = {RemoteCommand.Add.class, RemoteCommand.ListRemotes.class, RemoteCommand.Remove.class})
final class RemoteCommand implements Runnable {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    new ListRemotes().print(main, spec);
  }

  /** {@code quire remote add NAME URL [--username U --password-stdin]}. */
  @Command(name = "add", description = "Add a remote; credentials go to the local secret store, never into Git.")
  static final class Add implements Callable<Integer> {
    @ParentCommand
    RemoteCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "URL", description = "file://, git://, http(s)://, ssh:// or a path.")
    String url;

    @Option(names = "--username", paramLabel = "USER", description = "User name for smart HTTP(S).")
    String username;

    @Option(names = "--password-stdin", description = "Read the password or token from standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
      try (Store store = parent.main.openStore()) {
        Remotes.of(store).add(name, url);
        if (username != null || passwordStdin) {
          String password = passwordStdin ? Main.passwordFromStdin() : "";
          Remotes.of(store).setCredentials(name, username == null ? "" : username, password);
        }
      }
      return Main.OK;
    }
  }

  /** {@code quire remote list}. */
  @Command(name = "list", description = "List the remotes.")
  static final class ListRemotes implements Callable<Integer> {
    @ParentCommand
    RemoteCommand parent;

    @Override
    public Integer call() {
      print(parent.main, parent.spec);
      return Main.OK;
    }

    void print(Main main, CommandSpec spec) {
      try (Store store = main.openStore()) {
        Remotes.of(store).list().forEach((n, u) -> spec.commandLine().getOut().println(n + "  " + u));
      }
    }
  }

  /** {@code quire remote remove NAME}. */
  @Command(name = "remove", description = "Remove a remote and its stored credentials.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand
    RemoteCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Store store = parent.main.openStore()) {
        if (!Remotes.of(store).remove(name)) {
          throw new dev.quire.NotFoundException("no remote \"" + name + "\"");
        }
      }
      return Main.OK;
    }
  }
}
