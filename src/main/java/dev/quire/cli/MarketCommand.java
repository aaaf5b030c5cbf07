package dev.quire.cli;

import dev.quire.codec.JsonText;
import dev.quire.market.Catalog;
import dev.quire.market.Installer;
import dev.quire.market.MarketPackage;
import dev.quire.market.Marketplace;
import dev.quire.market.Updater;
import dev.quire.model.Entity;
import dev.quire.store.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quire market …}: marketplace sources, catalogs, installs (see {@link Marketplace}). */
@Command(name = "market", description = "Install rules, prompt templates, agents, workflows and MCP servers from marketplace repositories.",
    subcommands = {MarketCommand.Add.class, MarketCommand.Sources.class, MarketCommand.Remove.class,
        MarketCommand.Refresh.class, MarketCommand.Search.class, MarketCommand.Show.class, MarketCommand.Install.class,
        MarketCommand.Uninstall.class, MarketCommand.Installed.class, MarketCommand.Update.class,
        MarketCommand.Outdated.class, MarketRepositoryCommands.Validate.class, MarketRepositoryCommands.Publish.class,
        MarketRepositoryCommands.Init.class})
final class MarketCommand implements Runnable {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs {@code work} on the store's marketplace and prints what it returns, if anything. */
  int with(Function<Marketplace, String> work) {
    try (Store store = main.openStore()) {
      String out = work.apply(Marketplace.of(store));
      if (out != null && !out.isEmpty()) {
        PrintWriter w = spec.commandLine().getOut();
        w.print(out.endsWith("\n") ? out : out + "\n");
        w.flush();
      }
    }
    return Main.OK;
  }

  /** SOURCE/PACKAGE[@VERSION] as its three parts (the version may be null). */
  String[] parseRef(String ref) {
    int slash = ref.indexOf('/');
    if (slash <= 0 || slash == ref.length() - 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "\"" + ref + "\" is not SOURCE/PACKAGE[@VERSION]");
    }
    String rest = ref.substring(slash + 1);
    int at = rest.indexOf('@');
    return new String[] {ref.substring(0, slash), at < 0 ? rest : rest.substring(0, at), at < 0 ? null : rest.substring(at + 1)};
  }

  @Command(name = "add", description = "Add a source: a Git URL (or path) of a marketplace repository.")
  static final class Add implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "URL")
    String url;

    @Option(names = "--ref", paramLabel = "REF", description = "The branch to read (default: the remote's default branch).")
    String ref;

    @Option(names = "--username", paramLabel = "USER", description = "User name for smart HTTP(S).")
    String username;

    @Option(names = "--password-stdin", description = "Read the password or token from standard input (kept in the local secret store).")
    boolean passwordStdin;

    @Option(names = "--require-signed", description = "Read the source only at commits signed (SSH) by an allowed signer.")
    boolean requireSigned;

    @Option(names = "--allowed-signers", paramLabel = "FILE", description = "An OpenSSH allowed-signers file (with --require-signed).")
    java.nio.file.Path allowedSigners;

    @Override
    public Integer call() throws java.io.IOException {
      String password = passwordStdin ? Main.passwordFromStdin() : null;
      if (requireSigned != (allowedSigners != null)) {
        throw new picocli.CommandLine.ParameterException(parent.spec.commandLine(), "--require-signed and --allowed-signers go together");
      }
      String signers = allowedSigners == null ? null : java.nio.file.Files.readString(parent.main.directory().resolve(allowedSigners));
      return parent.with(m -> {
        m.addSource(name, url, ref);
        if (signers != null) {
          m.requireSigned(name, signers);
        }
        if (username != null || password != null) {
          m.setCredentials(name, username == null ? "" : username, password == null ? "" : password);
        }
        return null;
      });
    }
  }

  @Command(name = "list-sources", description = "List the sources.")
  static final class Sources implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
      return parent.with(m -> {
        List<Entity> sources = m.sources();
        if (json) {
          return JsonText.of(sources.stream().map(e -> (Object) e.fields()).toList());
        }
        StringBuilder sb = new StringBuilder();
        sources.forEach(s -> sb.append(s.getString("name")).append("  ").append(s.getString("url"))
            .append(Boolean.FALSE.equals(s.getBoolean("enabled")) ? "  (disabled)" : "").append('\n'));
        return sb.toString();
      });
    }
  }

  @Command(name = "remove", description = "Remove a source, its mirror and its cached catalog.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--keep-installed", description = "Also when packages are installed from it: their records go, their entities stay as your own.")
    boolean keepInstalled;

    @Override
    public Integer call() {
      return parent.with(m -> {
        List<String> dropped = m.removeSource(name, keepInstalled);
        return dropped.isEmpty() ? null : "kept as your own (records removed): " + String.join(", ", dropped);
      });
    }
  }

  @Command(name = "refresh", description = "Fetch sources (all, or NAME) and read their catalogs.")
  static final class Refresh implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return parent.with(m -> {
        // one line per source as it is done; a source that fails does not stop the others
        PrintWriter out = parent.spec.commandLine().getOut();
        List<String> names = name != null ? List.of(name) : m.sources().stream().map(s -> s.getString("name")).toList();
        dev.quire.StoreException failed = null;
        int i = 0;
        for (String n : names) {
          String at = String.format("[%d/%d] %s: ", ++i, names.size(), n);
          try {
            Catalog c = m.refresh(n);
            out.printf("%s%d packages at %s%n", at, c.packages().size(), c.commit().substring(0, 12));
          } catch (dev.quire.StoreException e) {
            if (names.size() == 1) {
              throw e;
            }
            out.printf("%snot refreshed: %s%n", at, e.getMessage());
            failed = failed == null ? e : failed;
          }
          out.flush();
        }
        if (failed != null) {
          throw failed; // the exit code and message of the first source that failed, after the others were tried
        }
        return "";
      });
    }
  }

  @Command(name = "search", description = "Search the packages of the enabled sources.")
  static final class Search implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TEXT")
    String text;

    @Option(names = "--type", paramLabel = "T", description = "rule, template, agent, workflow, mcp-server or config-bundle.")
    String type;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
      return parent.with(m -> {
        List<Marketplace.Found> found = m.search(text, type);
        if (json) {
          List<Object> out = new ArrayList<>();
          for (Marketplace.Found f : found) {
            Map<String, Object> o = f.listing().toMap();
            o.put("source", f.source());
            out.add(o);
          }
          return JsonText.of(out);
        }
        StringBuilder sb = new StringBuilder();
        for (Marketplace.Found f : found) {
          Catalog.Listing l = f.listing();
          sb.append(f.source()).append('/').append(l.id()).append('@').append(l.version()).append("  ").append(l.type())
              .append("  ").append(l.name()).append(l.hiddenText() ? "  [hidden text]" : "").append('\n');
        }
        return sb.toString();
      });
    }
  }


  @Command(name = "show", description = "Show a package: metadata, versions, the entities it holds, hidden text.")
  static final class Show implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", paramLabel = "SOURCE/PACKAGE[@VERSION]")
    String ref;

    @Option(names = "--version", paramLabel = "V")
    String version;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
      String[] r = parent.parseRef(ref);
      return parent.with(m -> {
        MarketPackage p = m.show(r[0], r[1], version != null ? version : r[2]);
        Catalog.Listing l = m.catalog(r[0]).find(r[1]);
        if (json) {
          Map<String, Object> o = new LinkedHashMap<>(p.metadata());
          o.put("versions", l.versions());
          o.put("commit", p.commit());
          o.put("entities", p.items().stream().map(MarketPackage.Item::ref).toList());
          o.put("hiddenText", p.hiddenText());
          return JsonText.of(o);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(r[0]).append('/').append(p.id()).append('@').append(p.version()).append("  ").append(p.type())
            .append("  ").append(p.name()).append('\n');
        if (!p.description().isEmpty()) {
          sb.append("  ").append(p.description()).append('\n');
        }
        sb.append("  versions: ").append(String.join(", ", l.versions())).append('\n');
        if (!p.dependencies().isEmpty()) {
          sb.append("  dependencies: ").append(String.join(", ", p.dependencies())).append('\n');
        }
        if (p.requiredLiteChatVersion() != null) {
          sb.append("  requires LiteChat ").append(p.requiredLiteChatVersion()).append('\n');
        }
        sb.append("  commit: ").append(p.commit()).append('\n');
        p.items().forEach(i -> sb.append("  ").append(i.ref()).append('\n'));
        p.hiddenText().forEach(h -> sb.append("  warning: hidden text: ").append(h).append('\n'));
        return sb.toString();
      });
    }
  }

  @Command(name = "install", description = "Install a package and the dependencies it lacks, as one commit.")
  static final class Install implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE/PACKAGE[@VERSION]")
    String ref;

    @Option(names = "--locked", description = "Install exactly what the installed-item records (the lockfile) say, from their commits.")
    boolean locked;

    @Option(names = "--app-version", paramLabel = "V", description = "The LiteChat version requiredLiteChatVersion is checked against (default "
        + Installer.Options.DEFAULT_APP_VERSION + ").")
    String appVersion = Installer.Options.DEFAULT_APP_VERSION;

    @Option(names = "--allow-hidden-text", description = "Install although files hold text a reviewer does not see.")
    boolean allowHiddenText;

    @Override
    public Integer call() {
      if (locked || ref == null) {
        if (!locked) {
          throw new picocli.CommandLine.ParameterException(parent.spec.commandLine(), "name SOURCE/PACKAGE, or give --locked");
        }
        return parent.with(m -> {
          Installer.Locked l = m.installLocked();
          return "verified " + (l.verified().isEmpty() ? "nothing (no package is installed)" : String.join(", ", l.verified()))
              + (l.restored().isEmpty() ? "" : "\nrestored " + String.join(", ", l.restored()))
              + (l.keptEdited().isEmpty() ? "" : "\nkept, edited since install: " + String.join(", ", l.keptEdited()));
        });
      }
      String[] r = parent.parseRef(ref);
      return parent.with(m -> {
        Installer.Result res = m.install(r[0], r[1], r[2], new Installer.Options(appVersion, allowHiddenText));
        return "installed " + String.join(", ", res.installed()) + " (" + res.commitId().substring(0, 12) + ")";
      });
    }
  }

  @Command(name = "uninstall", description = "Remove the entities a package installed that are unchanged since, as one commit.")
  static final class Uninstall implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", paramLabel = "SOURCE/PACKAGE")
    String ref;

    @Option(names = "--force", description = "Remove the edited ones too.")
    boolean force;

    @Override
    public Integer call() {
      String[] r = parent.parseRef(ref);
      return parent.with(m -> {
        Installer.Removed res = m.uninstall(r[0], r[1], force);
        return "removed " + (res.removed().isEmpty() ? "nothing" : String.join(", ", res.removed()))
            + (res.keptEdited().isEmpty() ? "" : "\nkept, edited since install: " + String.join(", ", res.keptEdited())
            + " (--force removes them)");
      });
    }
  }

  @Command(name = "update", description = "Update installed packages (all, a source's, or SOURCE/PACKAGE) to their newest versions,"
      + " keeping your edits (a three-way merge per entity).")
  static final class Update implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE[/PACKAGE]")
    String ref;

    @Option(names = "--dry-run", description = "Print what would change; commit nothing.")
    boolean dryRun;

    @Option(names = "--consent", description = "Accept capability changes (new or changed MCP servers, new agent tools).")
    boolean consent;

    @Override
    public Integer call() {
      return parent.with(m -> {
        List<String[]> targets = new ArrayList<>();
        if (ref == null) {
          m.installed().stream().map(e -> e.getString("sourceId")).distinct()
              .forEach(id -> targets.add(new String[] {m.source(id).getString("name"), null}));
        } else if (ref.contains("/")) {
          String[] r = parent.parseRef(ref);
          targets.add(new String[] {r[0], r[1]});
        } else {
          targets.add(new String[] {ref, null});
        }
        StringBuilder sb = new StringBuilder();
        for (String[] t : targets) {
          for (Updater.Change c : m.update(t[0], t[1], dryRun, consent)) {
            sb.append(dryRun ? "would update " : "updated ").append(t[0]).append('/').append(c.packageId()).append(' ')
                .append(c.from()).append(" -> ").append(c.to()).append('\n');
            line(sb, "taken", c.taken());
            line(sb, "merged with your edits", c.merged());
            line(sb, "conflicts (quire conflicts)", c.conflicts());
            line(sb, "added", c.added());
            line(sb, "removed", c.removed());
            line(sb, "deleted by you, changed upstream: back in the new version", c.restoredDeletedByYou());
            line(sb, "kept, edited by you", c.keptEdited());
            line(sb, "needs consent (--consent)", c.needsConsent());
          }
        }
        return sb.length() == 0 ? "everything is up to date" : sb.toString();
      });
    }

    private static void line(StringBuilder sb, String what, List<String> refs) {
      if (!refs.isEmpty()) {
        sb.append("  ").append(what).append(": ").append(String.join(", ", refs)).append('\n');
      }
    }
  }

  @Command(name = "outdated", description = "List installed packages that have newer versions.")
  static final class Outdated implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Option(names = "--json", description = "Print a JSON array of {source, packageId, installed, newest}.")
    boolean json;

    @Override
    public Integer call() {
      return parent.with(m -> {
        if (json) {
          List<Object> out = new ArrayList<>();
          for (Marketplace.Outdated o : m.outdated()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("source", o.source());
            row.put("packageId", o.packageId());
            row.put("installed", o.installed());
            row.put("newest", o.newest());
            out.add(row);
          }
          return JsonText.of(out);
        }
        StringBuilder sb = new StringBuilder();
        m.outdated().forEach(o -> sb.append(o.source()).append('/').append(o.packageId()).append("  ").append(o.installed())
            .append(" -> ").append(o.newest()).append('\n'));
        return sb.toString();
      });
    }
  }

  @Command(name = "installed", description = "List the installed packages (the lockfile records).")
  static final class Installed implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Option(names = "--json", description = "Print a JSON array.")
    boolean json;

    @Override
    public Integer call() {
      return parent.with(m -> {
        List<Entity> records = m.installed();
        if (json) {
          return JsonText.of(records.stream().map(e -> (Object) e.fields()).toList());
        }
        StringBuilder sb = new StringBuilder();
        records.forEach(e -> sb.append(e.getString("sourceId")).append('/').append(e.getString("packageId")).append('@')
            .append(e.getString("version")).append("  ").append(String.valueOf(e.get("commit"))).append('\n'));
        return sb.toString();
      });
    }
  }
}
