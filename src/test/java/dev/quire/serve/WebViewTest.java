package dev.quire.serve;

import static dev.quire.testing.Fixture.entity;
import static dev.quire.testing.Fixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.testing.Fixture;
import dev.quire.testing.Git;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web view of {@code quire serve}, over HTTP on 127.0.0.1: what people see, escaped, paged, read-only. */
class WebViewTest {
  static final String SCRIPT_PROMPT = "Why does <script>document.title='pwned'</script> not run?";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** A store with 60 conversations, one of them with a transcript holding Markdown, a script and an attachment. */
  static Store chatStore(Path at) {
    Store s = Store.init(at);
    s.transaction(tx -> {
      tx.put(dev.quire.testing.Fixture.named(EntityTypes.PROJECTS, "p1", "Research", "path", "/Research"));
      for (int i = 0; i < 60; i++) {
        tx.put(Fixture.conversation("c" + i, "Chat <b>" + i + "</b>", String.format("2025-04-%02dT10:00:00Z", 1 + i % 28))
            .with("updatedAt", java.time.Instant.parse("2025-04-01T10:00:00Z").plusSeconds(3600L * i).toString())
            .with("projectId", i == 59 ? "p1" : null));
      }
      tx.put(entity(EntityTypes.INTERACTIONS, "id", "i0", "conversationId", "c59", "index", 0, "type", "message.user_assistant",
          "status", "COMPLETED", "startedAt", "2025-04-03T21:00:00Z",
          "prompt", map("id", "p0", "content", SCRIPT_PROMPT, "parameters", map(), "metadata",
              map("attachedFiles", List.of(map("id", "f1", "source", "direct", "name", "notes.pdf", "type", "application/pdf", "size", 20480)))),
          "response", "Because it is **escaped**.\n\n| step | what |\n|---|---|\n| 1 | parse |\n\n[bad](javascript:alert(1))",
          "metadata", map("modelId", "openai:gpt-x")));
      tx.put(Fixture.interaction("i1", "c59", 1));
    });
    return s;
  }

  private StoreServer serve(Store store, String user, String password) {
    return StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), user, password));
  }

  private HttpResponse<String> get(StoreServer server, String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
        .timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> links(String html, String prefix) {
    Matcher m = Pattern.compile("href=\"(" + Pattern.quote(prefix) + "[^\"]*)\"")
        .matcher(html.replace("&#61;", "=").replace("&amp;", "&"));
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void conversationsAreListedNewestFirstFiftyAPageWithTitlesEscaped() throws Exception {
    try (Store store = chatStore(dir.resolve("s")); StoreServer server = serve(store, null, null)) {
      HttpResponse<String> root = get(server, "/");
      assertEquals(302, root.statusCode());
      assertTrue(root.headers().firstValue("location").orElseThrow().endsWith("/conversations"));
      HttpResponse<String> first = get(server, "/conversations");
      assertEquals(200, first.statusCode());
      assertEquals("text/html;charset=utf-8", first.headers().firstValue("content-type").orElseThrow().replace(" ", "").toLowerCase());
      List<String> rows = links(first.body(), "/conversations/");
      assertEquals(50, rows.size());
      assertEquals("/conversations/c59", rows.get(0), "the most recently updated first");
      assertEquals("/conversations/c10", rows.get(49));
      assertTrue(first.body().contains("Chat &lt;b&gt;59&lt;/b&gt;") && !first.body().contains("<b>59"), "titles are text");
      assertTrue(first.body().contains("Research"), "the project's name");
      String next = links(first.body(), "/conversations?offset=").get(0);
      HttpResponse<String> second = get(server, next);
      assertEquals(List.of("/conversations/c9", "/conversations/c8"), links(second.body(), "/conversations/").subList(0, 2));
      assertEquals(10, links(second.body(), "/conversations/").size());
      assertTrue(links(second.body(), "/conversations?offset=").contains("/conversations?offset=0"), "back to the first page");
      assertEquals(400, get(server, "/conversations?offset=-3").statusCode());
      assertTrue(get(server, "/conversations?offset=x").body().contains("offset must be a whole number"));
    }
  }

  @Test
  void aTranscriptRendersMarkdownAndShowsAScriptAsTextUnderAPolicyThatRunsNone() throws Exception {
    try (Store store = chatStore(dir.resolve("s")); StoreServer server = serve(store, null, null)) {
      HttpResponse<String> page = get(server, "/conversations/c59");
      assertEquals(200, page.statusCode());
      String html = page.body();
      assertTrue(html.contains("&lt;script&gt;document.title=") && !html.contains("<script"), "escaped");
      assertTrue(html.contains("<strong>escaped</strong>") && html.contains("<td>parse</td>"), "Markdown, tables too");
      assertFalse(html.contains("javascript:"), "no script links");
      assertTrue(html.contains("notes.pdf") && html.contains("20.0 KiB"), "attachments listed");
      assertTrue(html.contains("openai:gpt-x") && html.contains("question 1") && html.indexOf("id=\"turn-0\"") < html.indexOf("id=\"turn-1\""), html);
      assertTrue(page.headers().firstValue("content-security-policy").orElseThrow().startsWith("default-src 'none'"));
      assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElseThrow());
      HttpResponse<String> missing = get(server, "/conversations/nope");
      assertEquals(404, missing.statusCode());
      assertTrue(missing.body().contains("no conversation nope in this store"));
    }
  }

  @Test
  void anEntityShowsItsFileAndHistoryAndEachChangeFieldByFieldWithSecretsHidden() throws Exception {
    try (Store store = Store.init(dir.resolve("s")); StoreServer server = serve(store, null, null)) {
      store.put(Fixture.rule("r1", "First"));
      store.put(Fixture.rule("r1", "Second").with("content", "new text"));
      store.delete(EntityTypes.RULES, "r1");
      store.put(Fixture.named(EntityTypes.API_KEYS, "k1", "Main key", "providerId", "openai", "value", "sk-very-secret-value"));
      HttpResponse<String> page = get(server, "/types/rules/r1");
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(page.body().contains("Deleted"), page.body());
      List<String> diffs = links(page.body(), "/types/rules/r1/diff?");
      assertEquals(3, diffs.size(), "created, changed, deleted: " + diffs);
      String changed = get(server, diffs.get(1)).body();
      assertTrue(changed.contains("$.name") && changed.contains("First") && changed.contains("Second") && changed.contains("$.content"),
          changed);
      assertTrue(changed.contains("class=\"changed\""));
      String deleted = get(server, diffs.get(0)).body();
      assertTrue(deleted.contains("deleted") && deleted.contains("class=\"removed\""), deleted);
      String created = get(server, diffs.get(2)).body();
      assertTrue(created.contains("created") && created.contains("class=\"added\"") && !created.contains("class=\"removed\""));
      String key = get(server, "/types/api-keys/k1").body();
      assertTrue(key.contains("Main key") && key.contains("(secret, not shown)") && !key.contains("sk-very-secret-value"), key);
      String keyDiff = get(server, links(key, "/types/api-keys/k1/diff?").get(0)).body();
      assertFalse(keyDiff.contains("sk-very-secret-value"), "nor in a diff");
      assertEquals(400, get(server, "/types/rules/r1/diff?to=HEAD~1").statusCode(), "commit ids only");
      assertEquals(404, get(server, "/types/nothing").statusCode());
      assertEquals(404, get(server, "/types/rules/never").statusCode());
      assertTrue(get(server, "/types").body().contains("prompt-templates"));
      assertTrue(get(server, "/types/api-keys").body().contains("/types/api-keys/k1"));
    }
  }

  @Test
  void theLogConflictsAndPackagesPagesShowTheStore() throws Exception {
    try (Store store = Store.init(dir.resolve("s"))) {
      Path s = dir.resolve("s");
      for (int i = 0; i < 55; i++) {
        store.put(Fixture.rule("r" + i, "Rule " + i));
      }
      Files.createDirectories(s.resolve(".quire/conflicts"));
      Files.writeString(s.resolve(".quire/conflicts/0123456789abcdef.yaml"), "path: v2/rules/r1.yaml\ntype: rules\nid: r1\n"
          + "conflicts:\n- field: content\n  kept: mine <i>\n  lost: theirs\n  rule: newest updatedAt wins\n");
      Files.writeString(s.resolve("marketplace.yaml"), "name: Team prompts\ndescription: Ours\nversion: 1.0.0\n");
      Files.createDirectories(s.resolve("packages/tidy/rules"));
      Files.writeString(s.resolve("packages/tidy/package.yaml"), "id: tidy\nname: Tidy\ntype: rule\nversion: 1.2.0\n");
      Files.writeString(s.resolve("packages/tidy/rules/rTidy.yaml"), "id: rTidy\nname: Tidy\ntype: system\ncontent: Be brief.\n");
      Git.run(s, "add", ".quire", "marketplace.yaml", "packages");
      Git.run(s, "commit", "-q", "-m", "publish tidy <and record a conflict>");
      Git.run(s, "tag", "tidy/v1.2.0");
      try (StoreServer server = serve(store, null, null)) {
        String log = get(server, "/log").body();
        assertTrue(log.contains("publish tidy &lt;and record a conflict&gt;"), log);
        assertEquals(1, links(log, "/log?offset=50").size());
        String older = get(server, "/log?offset=50").body();
        long commits = Long.parseLong(Git.run(s, "rev-list", "--count", "HEAD").strip());
        assertEquals(commits - 50, Pattern.compile("<tr><td><code").matcher(older).results().count(), "the rest on the second page");
        String conflicts = get(server, "/conflicts").body();
        assertTrue(conflicts.contains("v2/rules/r1.yaml") && conflicts.contains("mine &lt;i&gt;") && conflicts.contains("theirs")
            && conflicts.contains("newest updatedAt wins") && conflicts.contains("/types/rules/r1"), conflicts);
        String packages = get(server, "/packages").body();
        assertTrue(packages.contains("Tidy") && packages.contains("1.2.0") && packages.contains("rules/rTidy")
            && packages.contains("tagged 1.2.0"), packages);
      }
    }
  }

  @Test
  void withAUserEveryPageNeedsTheCredentialsAndNothingCanBeWritten() throws Exception {
    try (Store store = chatStore(dir.resolve("s")); StoreServer server = serve(store, "alice", "s3cret")) {
      HttpResponse<String> anonymous = get(server, "/conversations/c59");
      assertEquals(401, anonymous.statusCode());
      assertFalse(anonymous.body().contains("Chat"));
      String auth = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
      assertEquals(200, get(server, "/conversations/c59", "Authorization", auth).statusCode());
      String head = store.commitId();
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
          + "/conversations/c59")).header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofString("title=x"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(405, post.statusCode());
      assertFalse(post.body().contains("at org.") || post.body().contains("Exception"), "no stack trace: " + post.body());
      assertEquals(head, store.commitId());
      HttpResponse<String> unknown = get(server, "/no/such/page", "Authorization", auth);
      assertEquals(404, unknown.statusCode());
      assertTrue(unknown.body().contains("the pages are /conversations"));
    }
  }
}
