package dev.quire.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quire serve}'s Git routes on 127.0.0.1: C git clones, the CORS answers a browser needs, basic authentication. */
class ServeTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Store store() {
    Store s = Store.init(dir.resolve("s"));
    s.put(Fixture.rule("r1", "Served"));
    return s;
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * C git, bounded in time, never prompting for credentials: "exit code:output" (Git.run fails
   * on a non-zero exit, and some of these runs are meant to fail).
   */
  private static String gitOutput(Path cwd, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "credential.helper=", "-c", "core.askPass=true",
        "-c", "user.name=T", "-c", "user.email=t@example.org"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "git timed out");
    return p.exitValue() + ":" + out;
  }

  private static int git(Path cwd, String... args) throws Exception {
    return Integer.parseInt(gitOutput(cwd, args).split(":", 2)[0]);
  }

  @Test
  void cGitClonesAndShallowClonesAndAPushIsRefused() throws Exception {
    try (Store store = store();
        StoreServer server = StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), null, null))) {
      assertTrue(server.gitUrl().startsWith("http://127.0.0.1:") && server.gitUrl().endsWith("/git/team.git"));
      Git.run(dir, "clone", "-q", server.gitUrl(), dir.resolve("clone").toString());
      assertTrue(Files.readString(dir.resolve("clone/v2/rules/r1.yaml")).contains("Served"));
      Git.run(dir, "clone", "-q", "--depth", "1", server.gitUrl(), dir.resolve("shallow").toString());
      assertEquals("1", Git.run(dir.resolve("shallow"), "rev-list", "--count", "HEAD").strip());
      store.put(Fixture.rule("r2", "Later"));
      Git.run(dir.resolve("clone"), "pull", "-q");
      assertTrue(Files.exists(dir.resolve("clone/v2/rules/r2.yaml")), "a fetch sees the new commit");
      Files.writeString(dir.resolve("clone/notes.txt"), "x");
      Git.run(dir.resolve("clone"), "add", "notes.txt");
      Git.run(dir.resolve("clone"), "commit", "-q", "-m", "by hand");
      String before = store.commitId();
      assertTrue(git(dir.resolve("clone"), "push", "-q", "origin", "HEAD:main") != 0, "pushes are refused");
      assertEquals(before, store.commitId());
      assertEquals(404, send(HttpRequest.newBuilder(URI.create(server.gitUrl().replace("team.git", "other.git")
          + "/info/refs?service=git-upload-pack"))).statusCode(), "only the served store");
      HttpResponse<String> junk = send(HttpRequest.newBuilder(URI.create(server.gitUrl() + "/git-upload-pack"))
          .POST(HttpRequest.BodyPublishers.ofString("not a Git request")).header("Content-Type", "application/x-git-upload-pack-request"));
      // JGit's UploadPackServlet answers a malformed request 500 with a pkt-line ERR (not yet a 4xx): no stack trace
      assertTrue(junk.statusCode() >= 400, junk.statusCode() + " " + junk.body());
      assertFalse(junk.body().contains("at org.") || junk.body().contains("Exception"), "no stack trace: " + junk.body());
    }
    try (Store store = Store.open(dir.resolve("s"));
        StoreServer server = StoreServer.start(store, "team",
            new StoreServer.Options("127.0.0.1", 0, List.of(), "bob", "pw", null, true))) {
      Git.run(dir.resolve("clone"), "remote", "set-url", "origin", server.gitUrl().replace("http://", "http://bob:pw@"));
      String head = store.commitId();
      String refused = gitOutput(dir.resolve("clone"), "push", "origin", "HEAD:main");
      assertTrue(!refused.startsWith("0:") && refused.contains("403"), "a read-only server refuses pushes: " + refused);
      assertEquals(head, store.commitId());
      assertEquals(0, git(dir, "clone", "-q", server.gitUrl().replace("http://", "http://bob:pw@"), dir.resolve("ro").toString()),
          "and still serves clones");
    }
  }

  @Test
  void aPushGoesThroughTheStoresRulesAndAnInvalidOneChangesNothing() throws Exception {
    try (Store store = store();
        StoreServer server = StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), "bob", "pw"))) {
      Path clone = dir.resolve("clone");
      Git.run(dir, "clone", "-q", server.gitUrl().replace("http://", "http://bob:pw@"), clone.toString());
      Path rule = clone.resolve("v2/rules/r1.yaml");
      Files.writeString(rule, Files.readString(rule).replace("name: Served", "name: Served, then pushed"));
      Git.run(clone, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-am", "rename r1");
      String pushed = gitOutput(clone, "push", "origin", "HEAD:main");
      assertTrue(pushed.startsWith("0:"), pushed);
      assertEquals("Served, then pushed", store.require(dev.quire.model.EntityTypes.RULES, "r1").getString("name"));
      assertTrue(Files.readString(dir.resolve("s/v2/rules/r1.yaml")).contains("then pushed"), "the working tree caught up");
      assertEquals("", Git.run(dir.resolve("s"), "status", "--porcelain"));

      String head = store.commitId();
      Files.writeString(rule, "id: r1\nname: [unclosed\n");
      Git.run(clone, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-am", "broken");
      String refused = gitOutput(clone, "push", "origin", "HEAD:main");
      assertTrue(refused.startsWith("1:") && refused.contains("v2/rules/r1.yaml"), refused);
      assertEquals(head, store.commitId(), "nothing changed");
      Git.run(clone, "reset", "-q", "--hard", "HEAD~1");

      store.put(Fixture.rule("r3", "Local, meanwhile"));
      Files.writeString(clone.resolve("v2/rules/r1.yaml"), Files.readString(clone.resolve("v2/rules/r1.yaml")) + "description: pushed late\n");
      Git.run(clone, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-am", "late");
      String behind = gitOutput(clone, "push", "origin", "HEAD:main");
      assertTrue(behind.startsWith("1:"), "the store moved: not a fast-forward: " + behind);
      assertTrue(store.get(dev.quire.model.EntityTypes.RULES, "r3").isPresent(), "the local commit stands");
      assertTrue(gitOutput(clone, "pull", "-q", "--no-rebase").startsWith("0:"));
      String again = gitOutput(clone, "push", "origin", "HEAD:main");
      assertTrue(again.startsWith("0:"), again);
      assertEquals("pushed late", store.require(dev.quire.model.EntityTypes.RULES, "r1").getString("description"));
      assertEquals("Local, meanwhile", store.require(dev.quire.model.EntityTypes.RULES, "r3").getString("name"));
    }
    Git.fsck(dir.resolve("s"));
  }

  @Test
  void aPushIsRefusedForTheProblemsItBringsNotForThoseTheStoreHadAlready() throws Exception {
    try (Store store = store();
        StoreServer server = StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), "bob", "pw"))) {
      Path s = dir.resolve("s");
      store.put(Fixture.named(dev.quire.model.EntityTypes.TAGS, "t1", "Tag"));
      store.put(dev.quire.testing.Fixture.entity(dev.quire.model.EntityTypes.TAG_RULE_LINKS, "id", "l1", "tagId", "t1", "ruleId", "r1"));
      store.flush();
      Files.writeString(s.resolve("v2/tag-rule-links/old.yaml"), "id: old\ntagId: t1\nruleId: rGone\n");
      Git.run(s, "add", "-A");
      Git.run(s, "commit", "-q", "-m", "an old dangling link, committed by hand");
      Path clone = dir.resolve("clone");
      Git.run(dir, "clone", "-q", server.gitUrl().replace("http://", "http://bob:pw@"), clone.toString());
      String[] who = {"-c", "user.name=T", "-c", "user.email=t@example.org"};

      Files.writeString(clone.resolve("v2/rules/r2.yaml"), "id: r2\nname: Second\ntype: system\ncontent: c\n");
      Git.run(clone, "add", "-A");
      Git.run(clone, who[0], who[1], who[2], who[3], "commit", "-q", "-m", "a sound change");
      String pushed = gitOutput(clone, "push", "origin", "HEAD:main");
      assertTrue(pushed.startsWith("0:"), "the old problem does not block it: " + pushed);

      String head = store.commitId();
      Files.delete(clone.resolve("v2/rules/r1.yaml"));
      Git.run(clone, who[0], who[1], who[2], who[3], "commit", "-q", "-am", "delete a rule a link points to");
      String refused = gitOutput(clone, "push", "origin", "HEAD:main");
      assertTrue(refused.startsWith("1:") && refused.contains("v2/tag-rule-links/l1.yaml") && refused.contains("no rules with id"),
          "an unchanged file that the push breaks: " + refused);
      assertFalse(refused.contains("old.yaml"), refused);
      assertEquals(head, store.commitId());
      assertTrue(store.get(dev.quire.model.EntityTypes.RULES, "r1").isPresent());
    }
  }

  @Test
  void jgitClonesFetchesAndPushesAsAnotherQuireStoreSyncingThroughTheServer() throws Exception {
    try (Store store = store();
        StoreServer open = StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), null, null, null, true));
        StoreServer team = StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), "bob", "pw"));
        Store device = dev.quire.sync.Sync.cloneFrom(open.gitUrl(), dir.resolve("device"), dev.quire.store.StoreOptions.defaults())) {
      assertEquals(store.commitId(), device.commitId(), "JGit cloned it (read-only, anonymous)");
      dev.quire.sync.Remotes.of(device).add("team", team.gitUrl());
      dev.quire.sync.Remotes.of(device).setCredentials("team", "bob", "pw");
      store.put(Fixture.rule("r2", "On the server"));
      device.put(Fixture.rule("r3", "On the device"));
      dev.quire.sync.SyncResult r = dev.quire.sync.Sync.of(device).sync("team");
      assertTrue(r.pushed(), r.toString());
      assertEquals("On the device", store.require(dev.quire.model.EntityTypes.RULES, "r3").getString("name"), "JGit pushed a merge");
      assertEquals("On the server", device.require(dev.quire.model.EntityTypes.RULES, "r2").getString("name"), "and fetched");
      assertEquals(store.commitId(), device.commitId());
      dev.quire.sync.Remotes.of(device).setCredentials("team", "bob", "wrong");
      device.put(Fixture.rule("r4", "Refused"));
      assertTrue(org.junit.jupiter.api.Assertions.assertThrows(dev.quire.StoreException.class,
          () -> dev.quire.sync.Sync.of(device).sync("team")).getMessage().toLowerCase().contains("auth"));
      assertTrue(store.get(dev.quire.model.EntityTypes.RULES, "r4").isEmpty());
    }
    Git.fsck(dir.resolve("s"));
  }

  @Test
  void aRequestBodyBeyondTheLimitIsRefusedWith413BeforeItIsRead() throws Exception {
    try (Store store = store();
        StoreServer server = StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), null, null))) {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.address().getPort())) {
        socket.setSoTimeout(20_000);
        String request = "POST /git/team.git/git-upload-pack HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/x-git-upload-pack-request\r\nContent-Length: " + (StoreServer.MAX_REQUEST_BYTES + 1)
            + "\r\n\r\n0000";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
        assertEquals("HTTP/1.1 413 Payload Too Large", status);
      }
      Git.run(dir, "clone", "-q", server.gitUrl(), dir.resolve("after").toString());
      assertTrue(Files.exists(dir.resolve("after/v2/rules/r1.yaml")), "the server goes on serving");
    }
  }

  @Test
  void pushesRacingLocalTransactionsLoseNothing() throws Exception {
    try (Store store = store();
        StoreServer server = StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), "bob", "pw"))) {
      Path clone = dir.resolve("clone");
      Git.run(dir, "clone", "-q", server.gitUrl().replace("http://", "http://bob:pw@"), clone.toString());
      int local = 1000;
      Thread writer = new Thread(() -> {
        for (int i = 0; i < local; i++) {
          store.put(Fixture.rule("local" + i, "Local " + i));
        }
      });
      writer.start();
      int pushes = 10;
      int refusals = 0;
      for (int p = 0; p < pushes; p++) {
        Files.writeString(clone.resolve("v2/rules/pushed" + p + ".yaml"), "id: pushed" + p + "\nname: Pushed " + p
            + "\ntype: system\ncontent: c\n");
        Git.run(clone, "add", "-A");
        Git.run(clone, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "push " + p);
        for (int attempt = 0; ; attempt++) {
          String out = gitOutput(clone, "push", "origin", "HEAD:main");
          if (out.startsWith("0:")) {
            break;
          }
          refusals++;
          assertTrue(attempt < 50, "a push kept being refused: " + out);
          assertTrue(gitOutput(clone, "pull", "-q", "--no-rebase", "--no-edit").startsWith("0:"));
        }
      }
      writer.join(TimeUnit.SECONDS.toMillis(120));
      assertFalse(writer.isAlive());
      for (int i = 0; i < local; i++) {
        assertTrue(store.get(dev.quire.model.EntityTypes.RULES, "local" + i).isPresent(), "local" + i + " was lost");
      }
      for (int p = 0; p < pushes; p++) {
        assertEquals("Pushed " + p, store.require(dev.quire.model.EntityTypes.RULES, "pushed" + p).getString("name"));
      }
      System.out.println("pushes racing " + local + " local commits: " + pushes + " pushed, " + refusals + " refused and retried");
      assertEquals("false", Git.run(dir.resolve("s"), "config", "receive.autogc").strip(), "JGit collects nothing after a push");
    }
    Git.fsck(dir.resolve("s"));
  }

  @Test
  void theStoresPublishedPackagesAreLiteChatsHttpMarketplaceWhichQuireItselfInstallsFrom() throws Exception {
    try (Store store = store()) {
      Path s = dir.resolve("s");
      Files.writeString(s.resolve("marketplace.yaml"), "name: Team prompts\ndescription: Ours\nversion: 1.0.0\n");
      Path rules = Files.createDirectories(s.resolve("packages/tidy/rules"));
      Files.writeString(s.resolve("packages/tidy/package.yaml"), "id: tidy\nname: Tidy\ntype: rule\nversion: 1.2.0\n");
      Files.writeString(rules.resolve("rTidy.yaml"), "id: rTidy\nname: Tidy\ntype: system\ncontent: Be brief.\n");
      Git.run(s, "add", "marketplace.yaml", "packages");
      Git.run(s, "commit", "-q", "-m", "publish tidy");
      try (StoreServer server = StoreServer.start(store, "team",
          new StoreServer.Options("127.0.0.1", 0, List.of("*"), "alice", "s3cret"))) {
        String base = "http://127.0.0.1:" + server.address().getPort() + "/marketplace";
        HttpResponse<String> index = send(HttpRequest.newBuilder(URI.create(base + "/index.json"))
            .header("Accept", "application/json").header("Cache-Control", "no-cache"));
        assertEquals(200, index.statusCode(), "public, although the Git routes need credentials: " + index.body());
        Object tree = store.seam().codec().readTree(dev.quire.codec.Format.JSON, index.body().getBytes(StandardCharsets.UTF_8), "index");
        java.util.Map<?, ?> idx = (java.util.Map<?, ?>) tree;
        assertEquals("Team prompts", idx.get("name"));
        assertEquals("1.0.0", idx.get("version"));
        java.util.Map<?, ?> item = (java.util.Map<?, ?>) ((List<?>) idx.get("items")).get(0);
        assertEquals(base + "/packages/tidy.json", item.get("downloadUrl"), "absolute");
        HttpResponse<String> pkg = send(HttpRequest.newBuilder(URI.create((String) item.get("downloadUrl"))));
        java.util.Map<?, ?> p = (java.util.Map<?, ?>) store.seam().codec().readTree(dev.quire.codec.Format.JSON,
            pkg.body().getBytes(StandardCharsets.UTF_8), "package");
        assertEquals(List.of("tidy", "Tidy", "rule", "tidy"), List.of(p.get("id"), p.get("name"), p.get("type"),
            ((java.util.Map<?, ?>) p.get("metadata")).get("id")), "LiteChat's checks");
        String etag = index.headers().firstValue("etag").orElseThrow();
        assertEquals(304, send(HttpRequest.newBuilder(URI.create(base + "/index.json")).header("If-None-Match", etag)).statusCode());

        try (Store other = Store.init(dir.resolve("other"))) {
          dev.quire.market.Marketplace market = dev.quire.market.Marketplace.of(other);
          market.addSource("team", base + "/index.json", null);
          market.install("team", "tidy", null, dev.quire.market.Installer.Options.defaults());
          assertEquals("Be brief.", other.require(dev.quire.model.EntityTypes.RULES, "rTidy").getString("content"));
        }
      }
    }
  }

  /** isomorphic-git from npm, installed once into target/ (skipped, saying why, where npm cannot reach its registry). */
  private static Path isomorphicGit() throws Exception {
    Path modules = Path.of("target/isomorphic-git/node_modules").toAbsolutePath();
    if (!Files.exists(modules.resolve("isomorphic-git/package.json"))) {
      Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix",
          modules.getParent().toString(), "isomorphic-git@1").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0,
          "npm could not install isomorphic-git: " + out);
    }
    return modules;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void isomorphicGitIsAskedForCredentialsClonesShallowAndPushes(boolean throughProxyForm) throws Exception {
    Path modules = isomorphicGit();
    try (Store store = store();
        StoreServer server = StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), "bob", "pw"))) {
      Path script = Path.of("src/test/resources/isomorphic-git/client.js").toAbsolutePath();
      List<String> cmd = new java.util.ArrayList<>(List.of("node", script.toString(), modules.toString(), server.gitUrl(),
          dir.resolve("browser").toString(), "bob", "pw"));
      if (throughProxyForm) { // LiteChat's CORS-proxy setting pointed at the server itself
        cmd.add("http://127.0.0.1:" + server.address().getPort());
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node timed out");
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("anonymous clone: refused 401"), out);
      assertTrue(out.contains("clone: ok, credentials asked 1 time(s)"), out);
      assertTrue(out.contains("push: ok"), out);
      assertEquals("Served, pushed by isomorphic-git", store.require(dev.quire.model.EntityTypes.RULES, "r1").getString("name"));
      if (throughProxyForm) { // the client really goes through the proxy setting: a dead one fails it
        cmd.set(cmd.size() - 1, "http://127.0.0.1:1");
        cmd.set(4, dir.resolve("dead-proxy").toString());
        Process dead = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String deadOut = new String(dead.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dead.waitFor(120, TimeUnit.SECONDS), "node timed out");
        assertTrue(dead.exitValue() != 0, deadOut);
      }
    }
    Git.fsck(dir.resolve("s"));
  }

  @Test
  void preflightsAndUnauthorizedAnswersCarryCorsAndCredentialsAreRequired() throws Exception {
    String origin = "http://localhost:5173";
    try (Store store = store();
        StoreServer server = StoreServer.start(store, "team",
            new StoreServer.Options("127.0.0.1", 0, List.of(origin), "alice", "s3cret"))) {
      String refs = server.gitUrl() + "/info/refs?service=git-upload-pack";
      HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(refs))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
          .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization, git-protocol"));
      assertEquals(204, preflight.statusCode(), "answered before authentication");
      assertEquals(origin, preflight.headers().firstValue("access-control-allow-origin").orElse(null));
      String allowedHeaders = preflight.headers().firstValue("access-control-allow-headers").orElse("");
      for (String h : List.of("authorization", "content-type", "git-protocol", "cache-control", "accept")) {
        assertTrue(allowedHeaders.contains(h), allowedHeaders);
      }
      assertTrue(preflight.headers().firstValue("access-control-allow-methods").orElse("").contains("POST"));

      HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(server.gitUrl()
          + "/info/refs?service=git-receive-pack")).header("Origin", origin));
      assertEquals(401, anonymous.statusCode());
      assertTrue(anonymous.headers().firstValue("www-authenticate").orElse("").startsWith("Basic"));
      assertEquals(origin, anonymous.headers().firstValue("access-control-allow-origin").orElse(null), "the 401 too");

      String basic = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(refs)).header("Origin", origin).header("Authorization", basic));
      assertEquals(200, ok.statusCode());
      assertEquals("application/x-git-upload-pack-advertisement", ok.headers().firstValue("content-type").orElse(null));
      assertEquals(origin, ok.headers().firstValue("access-control-allow-origin").orElse(null));

      HttpResponse<String> openProxy = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
          + "/github.com/someone/repo.git/info/refs?service=git-upload-pack")).header("Origin", origin).header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8))));
      assertEquals(403, openProxy.statusCode(), "never an open proxy");
      HttpResponse<String> stranger = send(HttpRequest.newBuilder(URI.create(refs)).header("Origin", "https://evil.example")
          .header("Authorization", basic));
      assertNull(stranger.headers().firstValue("access-control-allow-origin").orElse(null), "not an allowed origin");

      assertTrue(git(dir, "clone", "-q", server.gitUrl(), dir.resolve("anon").toString()) != 0, "no anonymous clone");
      assertFalse(Files.exists(dir.resolve("anon/v2")));
      String withCredentials = server.gitUrl().replace("http://", "http://alice:s3cret@");
      Git.run(dir, "clone", "-q", withCredentials, dir.resolve("clone").toString());
      assertTrue(Files.exists(dir.resolve("clone/v2/rules/r1.yaml")));
    }
  }
}
