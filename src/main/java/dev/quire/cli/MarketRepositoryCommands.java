package dev.quire.cli;

import dev.quire.codec.JsonText;
import dev.quire.market.Marketplace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The {@code quire market} verbs for the people who keep a marketplace repository: publish, init, validate. */
final class MarketRepositoryCommands {
  private MarketRepositoryCommands() {}

  @Command(name = "publish", description = "Publish entities of the store as a package, on a new branch of a marketplace"
      + " repository for review.")
  static final class Publish implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", paramLabel = "PACKAGE")
    String packageId;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "TYPE/ID",
        description = "rules/ID, prompt-templates/ID, workflows/ID, mcp-servers/ID, settings/NAME (default: the previous version's).")
    List<String> refs = new ArrayList<>();

    @Option(names = "--to", required = true, paramLabel = "SOURCE|URL")
    String to;

    @Option(names = "--version", paramLabel = "V", description = "Default: the previous version with its patch raised, or 1.0.0.")
    String version;

    @Option(names = "--type", paramLabel = "T", description = "rule, template, agent, workflow, mcp-server or config-bundle.")
    String type;

    @Override
    public Integer call() {
      return parent.with(m -> {
        dev.quire.market.Publisher.Published p = m.publish(to, packageId, version, type, refs);
        return "pushed " + packageId + " " + p.version() + " to the branch " + p.branch() + " (" + p.commit().substring(0, 12)
            + "); open a pull request from it; once merged, tag it " + packageId + "/v" + p.version();
      });
    }
  }

  @Command(name = "init", description = "Create an empty marketplace repository.")
  static final class Init implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", paramLabel = "DIR")
    java.nio.file.Path dir;

    @Option(names = "--name", paramLabel = "NAME", description = "The marketplace's name (default: the folder's).")
    String name;

    @Override
    public Integer call() {
      java.nio.file.Path at = parent.main.directory().resolve(dir);
      Marketplace.createRepository(at, name != null ? name : at.getFileName().toString());
      parent.spec.commandLine().getOut().println("created the marketplace repository " + at);
      return Main.OK;
    }
  }

  @Command(name = "validate", description = "Check a marketplace repository (the CI check of its pull requests).")
  static final class Validate implements Callable<Integer> {
    @ParentCommand
    MarketCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The repository (default: the current folder, or -C).")
    java.nio.file.Path dir;

    @Option(names = "--rev", paramLabel = "REV", description = "The revision to check (default HEAD).")
    String rev;

    @Option(names = "--json", description = "Print a JSON array of {file, message}.")
    boolean json;

    @Override
    public Integer call() {
      List<dev.quire.market.MarketValidator.Problem> problems = dev.quire.market.MarketValidator.validate(
          parent.main.directory().resolve(dir == null ? java.nio.file.Path.of(".") : dir), rev);
      PrintWriter out = parent.spec.commandLine().getOut();
      if (json) {
        List<Object> rows = new ArrayList<>();
        for (dev.quire.market.MarketValidator.Problem p : problems) {
          Map<String, Object> row = new java.util.LinkedHashMap<>();
          row.put("file", p.file());
          row.put("message", p.message());
          rows.add(row);
        }
        out.print(JsonText.of(rows));
      } else {
        problems.forEach(out::println);
      }
      out.flush();
      return problems.isEmpty() ? Main.OK : Main.INVALID;
    }
  }
}
