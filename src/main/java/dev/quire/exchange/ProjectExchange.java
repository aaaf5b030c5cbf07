package dev.quire.exchange;

import dev.quire.InvalidEntityException;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Snapshot;
import dev.quire.store.Store;
import java.io.InputStream;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A project subtree — the project, its sub-projects at any depth, their conversations and
 * those conversations' interactions — as a LiteChat full export holding only the
 * {@code projects}, {@code conversations} and {@code interactions} keys (so LiteChat can read
 * it too), and its import into a store: upserted by id in one commit, nothing cleared.
 */
public final class ProjectExchange {
  private ProjectExchange() {}

  /** What an import wrote. */
  public record Imported(List<String> rootIds, int projects, int conversations, int interactions, String commit) {
    public Imported {
      rootIds = List.copyOf(rootIds);
    }
  }

  /** Writes the subtree of {@code projectId}, parents before children. */
  public static void write(Snapshot snapshot, String projectId, Instant exportedAt, Writer out) {
    snapshot.require(EntityTypes.PROJECTS, projectId);
    List<Entity> projects = new ArrayList<>();
    Deque<String> todo = new ArrayDeque<>(List.of(projectId));
    Set<String> ids = new HashSet<>();
    while (!todo.isEmpty()) {
      String id = todo.removeFirst();
      if (!ids.add(id)) {
        continue; // a cycle of parentIds: each project once
      }
      projects.add(snapshot.require(EntityTypes.PROJECTS, id));
      snapshot.projectsByParent(id).forEach(p -> todo.addLast(p.id()));
    }
    List<Entity> conversations = snapshot.conversations().stream()
        .filter(c -> ids.contains(c.getString("projectId"))).toList();
    List<Entity> interactions = new ArrayList<>();
    conversations.forEach(c -> interactions.addAll(snapshot.interactions(c.id())));
    ExportWriter doc = new ExportWriter(out, exportedAt);
    doc.array("projects", projects);
    doc.array("conversations", conversations);
    doc.array("interactions", interactions);
    doc.end();
  }

  /**
   * Imports a project export. A top project whose parent is not in the store becomes a
   * top-level project; conversations must belong to a project of the file and interactions
   * to a conversation of the file.
   */
  public static Imported importExport(Store store, InputStream in, String source) {
    FullImport.Parsed parsed = FullImport.parse(in, source,
        EnumSet.of(ExportGroup.PROJECTS, ExportGroup.CONVERSATIONS), null);
    List<Entity> projects = parsed.lists.getOrDefault("projects", List.of());
    List<Entity> conversations = parsed.lists.getOrDefault("conversations", List.of());
    List<Entity> interactions = parsed.lists.getOrDefault("interactions", List.of());
    if (projects.isEmpty()) {
      throw new InvalidEntityException(source, "$.projects", "no project in the file; a project export"
          + " holds the project and its sub-projects");
    }
    Set<String> projectIds = new HashSet<>();
    projects.forEach(p -> projectIds.add(p.id()));
    Set<String> conversationIds = new HashSet<>();
    for (int i = 0; i < conversations.size(); i++) {
      Entity c = conversations.get(i);
      conversationIds.add(c.id());
      if (!projectIds.contains(c.getString("projectId"))) {
        throw new InvalidEntityException(source, "$.conversations[" + i + "].projectId", "\""
            + c.getString("projectId") + "\" is not a project of this file");
      }
    }
    for (int i = 0; i < interactions.size(); i++) {
      if (!conversationIds.contains(interactions.get(i).parentId())) {
        throw new InvalidEntityException(source, "$.interactions[" + i + "].conversationId", "\""
            + interactions.get(i).parentId() + "\" is not a conversation of this file");
      }
    }
    List<String> roots = new ArrayList<>();
    String commit = store.transaction(tx -> {
      roots.clear();
      for (Entity p : projects) {
        String parent = p.getString("parentId");
        if (parent == null || !projectIds.contains(parent)) {
          roots.add(p.id());
          if (parent != null && tx.get(EntityTypes.PROJECTS, parent).isEmpty()) {
            p = p.with("parentId", null);
          }
        }
        tx.put(p);
      }
      conversations.forEach(tx::put);
      interactions.forEach(tx::put);
      tx.message("import project " + projects.get(0).label());
    });
    return new Imported(List.copyOf(roots), projects.size(), conversations.size(), interactions.size(), commit);
  }
}
