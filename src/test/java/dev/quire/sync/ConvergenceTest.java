package dev.quire.sync;

import static dev.quire.testing.Fixture.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import dev.quire.testing.Fixture;
import dev.quire.testing.Git;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas make hundreds of random edits each (new interactions, field edits of shared
 * conversations and projects, new and deleted rules) and sync in random order; once quiet,
 * all three are the same commit, nothing one of them created is missing, and C git's fsck is
 * clean.
 */
@Timeout(300)
class ConvergenceTest {
  @TempDir
  Path dir;

  @Test
  void threeReplicasConverge() {
    Path hub = Fixture.bareRemote(dir, "hub.git");
    String url = hub.toUri().toString();
    try (Store first = Store.init(dir.resolve("r0"))) {
      first.importFolder(Path.of("sample-repo").toAbsolutePath());
      Remotes.of(first).add("origin", url);
      Sync.of(first).sync("origin");
    }
    List<Store> replicas = new ArrayList<>();
    replicas.add(Store.open(dir.resolve("r0")));
    replicas.add(Sync.cloneFrom(url, dir.resolve("r1"), StoreOptions.defaults()));
    replicas.add(Sync.cloneFrom(url, dir.resolve("r2"), StoreOptions.defaults()));
    Random random = new Random(20261121);
    List<String> conversations = replicas.get(0).conversations().stream().map(Entity::id).toList();
    List<String> projects = replicas.get(0).list(EntityTypes.PROJECTS).stream().map(Entity::id).toList();
    Set<String> createdTurns = new HashSet<>();
    Set<String> keptRules = new HashSet<>();
    int ops = 0;
    try {
      for (int round = 0; round < 10; round++) {
        for (int r = 0; r < replicas.size(); r++) {
          Store s = replicas.get(r);
          for (int n = 0; n < 20; n++, ops++) {
            switch (random.nextInt(4)) {
              case 0 -> {
                String id = "t" + r + "_" + round + "_" + n;
                String conv = conversations.get(random.nextInt(conversations.size()));
                s.put(Entity.of(EntityTypes.INTERACTIONS, map("id", id, "conversationId", conv,
                    "index", 1000 + ops, "type", "message.user_assistant", "status", "COMPLETED", "response", "r" + id)));
                createdTurns.add(id);
              }
              case 1 -> {
                String conv = conversations.get(random.nextInt(conversations.size()));
                Entity c = s.require(EntityTypes.CONVERSATIONS, conv);
                String field = random.nextBoolean() ? "title" : "projectId";
                Object value = field.equals("title") ? "title " + r + "." + ops : projects.get(random.nextInt(projects.size()));
                s.put(c.with(field, value).with("updatedAt", "2026-03-01T00:00:" + String.format("%02d", random.nextInt(60)) + "Z"));
              }
              case 2 -> {
                String pid = projects.get(random.nextInt(projects.size()));
                String prompt = "prompt " + r + "." + random.nextInt(5);
                s.get(EntityTypes.PROJECTS, pid).ifPresent(p -> s.put(p.with("systemPrompt", prompt)));
              }
              default -> {
                String id = "rule" + r + "_" + ops;
                s.put(Entity.of(EntityTypes.RULES, map("id", id, "name", "Rule " + id, "content", "c", "type", "system")));
                keptRules.add(id);
                if (random.nextInt(3) == 0) {
                  s.delete(EntityTypes.RULES, id);
                  keptRules.remove(id);
                }
              }
            }
          }
        }
        List<Store> order = new ArrayList<>(replicas);
        Collections.shuffle(order, random);
        for (Store s : order) {
          Sync.of(s).sync("origin");
        }
      }
      for (int quiet = 0; quiet < 2; quiet++) {
        for (Store s : replicas) {
          Sync.of(s).sync("origin");
        }
      }
      String head = replicas.get(0).commitId();
      for (Store s : replicas) {
        assertEquals(head, s.commitId(), "every replica at the same commit");
        Set<String> turns = new HashSet<>();
        s.list(EntityTypes.INTERACTIONS).forEach(i -> turns.add(i.id()));
        assertTrue(turns.containsAll(createdTurns), "no interaction lost");
      }
      for (Store s : replicas) {
        Set<String> rules = new HashSet<>();
        s.list(EntityTypes.RULES).stream().map(Entity::id).filter(id -> id.startsWith("rule")).forEach(rules::add);
        assertEquals(keptRules, rules, "every rule created and kept is on every replica, none deleted came back");
      }
    } finally {
      replicas.forEach(Store::close);
    }
    for (int r = 0; r < 3; r++) {
      Git.fsck(dir.resolve("r" + r));
      assertEquals("", Git.run(dir.resolve("r" + r), "status", "--porcelain"));
    }
    Git.fsck(hub);
  }
}
