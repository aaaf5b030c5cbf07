package dev.quire.cli;

import dev.quire.store.Store;
import dev.quire.sync.Sync;
import dev.quire.sync.SyncResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code quire sync [REMOTE]}: fetch, semantic merge, push with a lease. */
@Command(name = "sync", description = "Sync with a remote (default origin): fetch, merge entity by entity and field by"
    + " field (conflicts are recorded, see quire conflicts), push with a lease.")
final class SyncCommand extends Verb {
  @Parameters(index = "0", arity = "0..1", paramLabel = "REMOTE", defaultValue = "origin")
  String remote;

  @picocli.CommandLine.Option(names = "--all", description = "Sync every LiteChat sync repository and its conversations"
      + " (repositories first, three conversations at a time, continuing past errors).")
  boolean all;

  @picocli.CommandLine.Option(names = "--conversation", paramLabel = "ID", description = "Sync one conversation with its LiteChat sync repository.")
  String conversation;

  @Override
  public Integer call() {
    if (all || conversation != null) {
      return syncLiteChat();
    }
    try (Store store = main.openStore()) {
      SyncResult r = Sync.of(store).sync(remote);
      var out = spec.commandLine().getOut();
      String what = r.fastForward() ? "fast-forwarded" : r.mergedPaths() > 0 ? "merged " + r.mergedPaths() + " paths" : "up to date";
      out.println("synced with " + remote + ": " + what + (r.pushed() ? ", pushed" : "")
          + (r.head() == null ? "" : "; head " + r.head().substring(0, 12))
          + (r.conflicts() > 0 ? "; " + r.conflicts() + " conflicts recorded (quire conflicts)" : ""));
    }
    return Main.OK;
  }

  private Integer syncLiteChat() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try (Store store = main.openStore()) {
      if (conversation != null) {
        String pushed = Sync.of(store).syncConversation(conversation);
        out.println("synced conversation " + conversation + (pushed == null ? ": up to date" : ": pushed " + pushed.substring(0, 12)));
        return Main.OK;
      }
      boolean terminal = System.console() != null;
      dev.quire.sync.BulkSync.Progress p = Sync.of(store).bulk(3, progress -> {
        if (terminal) {
          synchronized (err) {
            err.print(String.format("\rrepositories %d/%d, conversations %d/%d%s\033[K", progress.completedRepos(),
                progress.totalRepos(), progress.completedConversations(), progress.totalConversations(),
                progress.current() == null ? "" : ": " + progress.current()));
            err.flush();
          }
        }
      }).syncAll();
      if (terminal) {
        err.print("\r\033[K");
      }
      out.printf("synced %d repositories and %d conversations%n", p.completedRepos(), p.completedConversations());
      p.errors().forEach(e -> err.println("quire: error: " + e));
      return p.errors().isEmpty() ? Main.OK : Main.FAILURE;
    }
  }
}
