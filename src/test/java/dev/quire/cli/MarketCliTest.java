package dev.quire.cli;

import static dev.quire.cli.Run.quire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quire market …} on a marketplace repository in a folder (a path as the source URL). */
class MarketCliTest {
  @TempDir Path dir;

  private Path marketplace() throws IOException {
    Path m = dir.resolve("market");
    Git.run(dir, "init", "-q", "-b", "main", m.toString());
    Files.writeString(m.resolve("marketplace.yaml"), "name: Team\ndescription: Our prompts\nversion: 1.0.0\n");
    Path p = Files.createDirectories(m.resolve("packages/review/prompt-templates"));
    Files.writeString(m.resolve("packages/review/package.yaml"),
        "id: review\nname: Code review\ntype: template\nversion: 1.2.0\ndescription: Review a diff\n");
    Files.writeString(p.resolve("ptReview.yaml"), "id: ptReview\nname: Review\ntype: prompt\nprompt: Review this diff.\n");
    Git.run(m, "add", "-A");
    Git.run(m, "commit", "-q", "-m", "review 1.2.0");
    return m;
  }

  /** A new store in dir/s with {@code m} added as the source "team"; returns the store's path. */
  private String storeWithSource(Path m) {
    String s = dir.resolve("s").toString();
    assertEquals(0, quire("init", s).code());
    assertEquals(0, quire("-C", s, "market", "add", "team", m.toString()).code());
    return s;
  }

  @Test
  void initPublishAndValidateTheBranch() {
    Path m = dir.resolve("new-market");
    assertEquals(0, quire("market", "init", m.toString(), "--name", "Ours").code());
    assertEquals(0, quire("market", "validate", m.toString()).code());
    String s = dir.resolve("s").toString();
    assertEquals(0, quire("init", s, "--from", Path.of("sample-repo").toAbsolutePath().toString()).code());
    Run publish = quire("-C", s, "market", "publish", "java", "--to", m.toString(), "rules/rK2jH4gF6dS8aQ1wE3rT5");
    assertEquals(0, publish.code(), publish.out() + publish.err());
    assertTrue(publish.out().startsWith("pushed java 1.0.0 to the branch publish/java-v1.0.0 ("), publish.out());
    Run check = quire("market", "validate", m.toString(), "--rev", "publish/java-v1.0.0");
    assertEquals(0, check.code(), check.out() + check.err());
    assertTrue(Git.run(m, "show", "publish/java-v1.0.0:packages/java/package.yaml").contains("type: rule"));
    Run key = quire("-C", s, "market", "publish", "keys", "--to", m.toString(), "api-keys/k1");
    assertEquals(4, key.code(), "an api key is never published: " + key.err());
  }

  @Test
  void validateIsTheMarketplacesCiCheck() throws IOException {
    Path m = marketplace();
    Run good = quire("market", "validate", m.toString());
    assertEquals(0, good.code(), good.out() + good.err());
    assertEquals("", good.out());
    Path t = m.resolve("packages/review/prompt-templates/ptReview.yaml");
    Files.writeString(t, Files.readString(t).replace("Review this diff.", "Review this diff with key sk-abcdefghijklmnopqrstuvwxyz012345"));
    Path other = Files.createDirectories(m.resolve("packages/other/prompt-templates"));
    Files.writeString(m.resolve("packages/other/package.yaml"),
        "id: other\nname: Other\ntype: template\nversion: 1.0.0\ndependencies: [\"missing\", \"review@^2\"]\n");
    Files.copy(t, other.resolve("ptReview.yaml"));
    Git.run(m, "add", "-A");
    Git.run(m, "commit", "-q", "-m", "a bad change");
    Run bad = quire("-C", m.toString(), "market", "validate");
    assertEquals(4, bad.code(), bad.out() + bad.err());
    String out = bad.out();
    assertTrue(out.contains("packages/review/prompt-templates/ptReview.yaml: prompt-templates/ptReview is also in package other"), out);
    assertTrue(out.contains("packages/review/prompt-templates/ptReview.yaml: prompt looks like a secret"), out);
    assertTrue(out.contains("packages/other/package.yaml: dependencies: missing is not a package of this marketplace"), out);
    assertTrue(out.contains("packages/other/package.yaml: dependencies: no version of review satisfies ^2"), out);
    assertTrue(out.contains("packages/review/package.yaml: the package's files changed and its version is still 1.2.0"), out);
    assertEquals(0, quire("market", "validate", m.toString(), "--rev", "HEAD~1").code(), "the previous revision was sound");
    Files.writeString(m.resolve("packages/review/package.yaml"), "id: review\nname: [unclosed\n");
    Git.run(m, "commit", "-q", "-am", "broken yaml");
    Run broken = quire("market", "validate", m.toString(), "--json");
    assertEquals(4, broken.code());
    assertTrue(broken.out().contains("\"file\": \"packages/review/package.yaml:"), broken.out());
  }

  @Test
  void outdatedAndUpdateKeepAnEdit() throws IOException {
    Path m = marketplace();
    String s = dir.resolve("s").toString();
    assertEquals(0, quire("init", s).code());
    quire("-C", s, "market", "add", "team", m.toString());
    assertEquals(0, quire("-C", s, "market", "install", "team/review").code());
    assertEquals("everything is up to date\n", quire("-C", s, "market", "update").out());
    Path local = dir.resolve("s/v2/prompt-templates/ptReview.yaml");
    Files.writeString(local, Files.readString(local).replace("Review this diff.", "Review this diff, kindly."));
    assertEquals(0, quire("-C", s, "commit").code());
    Files.writeString(m.resolve("packages/review/package.yaml"),
        "id: review\nname: Code review\ntype: template\nversion: 1.3.0\ndescription: Review a diff\n");
    Path t = m.resolve("packages/review/prompt-templates/ptReview.yaml");
    Files.writeString(t, Files.readString(t).replace("name: Review", "name: Review (v1.3)"));
    Git.run(m, "commit", "-q", "-am", "review 1.3.0");
    assertEquals(0, quire("-C", s, "market", "refresh").code());
    assertEquals("team/review  1.2.0 -> 1.3.0\n", quire("-C", s, "market", "outdated").out());
    assertTrue(quire("-C", s, "market", "outdated", "--json").out().replaceAll("\\s+", " ")
        .contains("{ \"source\": \"team\", \"packageId\": \"review\", \"installed\": \"1.2.0\", \"newest\": \"1.3.0\" }"));
    Run dry = quire("-C", s, "market", "update", "--dry-run");
    assertTrue(dry.out().startsWith("would update team/review 1.2.0 -> 1.3.0\n  merged with your edits: prompt-templates/ptReview"),
        dry.out() + dry.err());
    Run update = quire("-C", s, "market", "update", "team/review");
    assertTrue(update.out().startsWith("updated team/review 1.2.0 -> 1.3.0"), update.out() + update.err());
    String file = Files.readString(local);
    assertTrue(file.contains("name: Review (v1.3)") && file.contains("Review this diff, kindly."), file);
    assertEquals("", quire("-C", s, "market", "outdated").out());
    Git.fsck(dir.resolve("s"));
  }

  @Test
  void addRefreshSearchShowInstallUninstall() throws IOException {
    Path m = marketplace();
    String s = storeWithSource(m);
    assertTrue(quire("-C", s, "market", "list-sources").out().startsWith("team  " + m));
    Run refresh = quire("-C", s, "market", "refresh");
    assertTrue(refresh.out().startsWith("[1/1] team: 1 packages at "), refresh.out() + refresh.err());
    Run search = quire("-C", s, "market", "search", "review", "--json");
    assertEquals(0, search.code(), search.err());
    assertTrue(search.out().contains("\"id\": \"review\"") && search.out().contains("\"source\": \"team\""), search.out());
    Run show = quire("-C", s, "market", "show", "team/review");
    assertTrue(show.out().startsWith("team/review@1.2.0  template  Code review") && show.out().contains("prompt-templates/ptReview"),
        show.out());
    Run install = quire("-C", s, "market", "install", "team/review");
    assertEquals(0, install.code(), install.err());
    assertTrue(install.out().startsWith("installed review@1.2.0 ("), install.out());
    assertTrue(quire("-C", s, "get", "prompt-templates", "ptReview").out().contains("Review this diff."));
    assertTrue(quire("-C", s, "market", "installed").out().startsWith("team/review@1.2.0  "));
    assertEquals(5, quire("-C", s, "market", "install", "team/review").code(), "installed already: a conflict");
    Run busy = quire("-C", s, "market", "remove", "team");
    assertEquals(5, busy.code());
    assertTrue(busy.err().contains("uninstall them first"), busy.err());
    Run uninstall = quire("-C", s, "market", "uninstall", "team/review");
    assertEquals("removed prompt-templates/ptReview\n", uninstall.out());
    assertEquals(3, quire("-C", s, "get", "prompt-templates", "ptReview").code());
    assertEquals(0, quire("-C", s, "market", "remove", "team").code());
    assertEquals("", quire("-C", s, "market", "list-sources").out());
    assertEquals(2, quire("-C", s, "market", "show", "review").code(), "SOURCE/PACKAGE is required");
    Git.fsck(dir.resolve("s"));
  }

  @Test
  void refreshingSeveralSourcesReportsEachAsItGoesAndOneThatFailsDoesNotStopTheOthers() throws IOException {
    Path m = marketplace();
    String s = storeWithSource(m);
    assertEquals(0, quire("-C", s, "market", "add", "gone", dir.resolve("no-such-market").toString()).code());
    Run refresh = quire("-C", s, "market", "refresh");
    assertEquals(6, refresh.code(), "the unreachable source's exit code: " + refresh.out() + refresh.err());
    String[] lines = refresh.out().split("\n");
    assertEquals(2, lines.length, refresh.out());
    String gone = lines[0].startsWith("[1/2] gone") ? lines[0] : lines[1];
    String team = lines[0].startsWith("[1/2] gone") ? lines[1] : lines[0];
    assertTrue(gone.matches("\\[[12]/2\\] gone: not refreshed: .+"), gone);
    assertTrue(team.matches("\\[[12]/2\\] team: 1 packages at [0-9a-f]{12}"), team);
    assertTrue(refresh.err().contains("no-such-market"), "the error names the source's URL: " + refresh.err());
    Run search = quire("-C", s, "market", "search", "review");
    assertEquals(0, search.code(), "the source that can be read is searched: " + search.err());
    assertTrue(search.out().startsWith("team/review"), search.out());
  }
}
