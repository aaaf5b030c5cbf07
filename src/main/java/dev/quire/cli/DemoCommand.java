package dev.quire.cli;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Revision;
import dev.quire.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quire demo [DIR]}: the README's main job. Builds a fresh store from the sample data
 * and walks through what Quire does, printing each step.
 */
@Command(name = "demo", description = "Build a fresh store from sample-repo/ and walk through what Quire does.")
final class DemoCommand extends Verb {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Where to create the demo store (default: a new folder under the system's temporary folder).")
  Path dir;

  @Option(names = "--from", paramLabel = "DIR", description = "The sample data (default: sample-repo/ of this Quire).")
  Path from;

  private PrintWriter out;

  @Override
  public Integer call() throws IOException {
    out = spec.commandLine().getOut();
    Path sample = from != null ? main.directory().resolve(from) : sampleRepo();
    Path target = dir != null ? main.directory().resolve(dir) : Files.createTempDirectory("quire-demo-");
    if (dir == null) {
      Files.delete(target);
    }

    step("1. Create a store and import the sample data as its first data commit");
    try (Store store = Store.init(target)) {
      String imported = store.importFolder(sample);
      int entities = 0;
      for (var type : EntityTypes.versioned()) {
        entities += store.list(type).size();
      }
      say("store: " + target);
      say("imported " + entities + " entities from " + sample + " in commit " + imported.substring(0, 12));

      step("2. Save a conversation turn by turn: every save is one Git commit");
      String id = "DemoConv" + Long.toString(System.currentTimeMillis(), 36);
      Instant t = Instant.now();
      Entity conversation = Entity.of(EntityTypes.CONVERSATIONS, Map.of("id", id,
          "title", "Planning the 1.4 release", "projectId", "pA4sD6fG8hJ1kL3zX5cV7",
          "createdAt", t.toString(), "updatedAt", t.toString()));
      String first = store.put(conversation);
      say(first.substring(0, 12) + "  " + store.log(1).get(0).subject());
      String[][] turns = {
          {"What goes into the 1.4 release?", "The retry policy for the billing client and the new `Idempotency-Key` header."},
          {"Draft the changelog.", "## 1.4.0\n\n- Retries with exponential backoff and jitter\n- Idempotent `POST /charges`\n"},
          {"Any risk?", "Only if a client reuses an idempotency key for a different charge."}};
      for (int i = 0; i < turns.length; i++) {
        store.put(Entity.of(EntityTypes.INTERACTIONS, Map.of("id", id + "-i" + i, "conversationId", id,
            "index", i, "type", "message.user_assistant", "status", "COMPLETED",
            "startedAt", t.plusSeconds(10L * i).toString(), "endedAt", t.plusSeconds(10L * i + 4).toString(),
            "prompt", Map.of("id", id + "-p" + i, "content", turns[i][0]),
            "response", turns[i][1])));
        say(store.commitId().substring(0, 12) + "  " + store.log(1).get(0).subject());
      }
      store.put(store.require(EntityTypes.CONVERSATIONS, id).with("title", "1.4 release plan")
          .with("updatedAt", t.plusSeconds(60).toString()));
      say(store.commitId().substring(0, 12) + "  " + store.log(1).get(0).subject());

      step("3. List conversations, newest first (LiteChat's order), and one conversation's turns");
      store.conversations().forEach(c -> say(StoreCommands.summary(c)));
      store.interactions(id).forEach(i -> say("  #" + i.get("index") + " " + ((Map<?, ?>) i.get("prompt")).get("content")));

      step("4. The history of one entity");
      for (Revision r : store.history(EntityTypes.CONVERSATIONS, id)) {
        say(r.shortId() + "  " + r.subject());
      }

      step("5. Read an old revision: the conversation as it was before the rename");
      say("now:       " + store.require(EntityTypes.CONVERSATIONS, id).getString("title"));
      say("at " + first.substring(0, 12) + ": " + store.at(first).require(EntityTypes.CONVERSATIONS, id).getString("title"));

      step("6. The data is plain files in a plain Git repository");
      store.flush();
      String path = store.layout().pathOf(store.require(EntityTypes.CONVERSATIONS, id), dev.quire.codec.Format.YAML).path();
      say("$ cat " + path);
      Files.readAllLines(target.resolve(path), StandardCharsets.UTF_8).forEach(l -> say("  " + l));
    }
    git(target, "log", "--oneline", "-6");
    git(target, "status", "--short", "--branch");
    step("Done");
    say("Explore it: cd " + target + " && git log --stat, or bin/quire -C " + target + " list conversations");
    return Main.OK;
  }

  private void git(Path dir, String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    say("$ git " + String.join(" ", args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      text.lines().forEach(l -> say("  " + l));
    } catch (IOException e) {
      say("  (C git is not installed here; any Git tool can read " + dir + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path sampleRepo() {
    List<Path> candidates = new java.util.ArrayList<>();
    String home = System.getProperty("quire.home");
    if (home != null) {
      candidates.add(Path.of(home, "sample-repo"));
    }
    candidates.add(main.directory().resolve("sample-repo"));
    for (Path p : candidates) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new dev.quire.NotFoundException("cannot find sample-repo/; run from the Quire folder or give --from DIR");
  }

  private void step(String title) {
    out.println();
    out.println("== " + title);
  }

  private void say(String line) {
    out.println(line);
  }
}
