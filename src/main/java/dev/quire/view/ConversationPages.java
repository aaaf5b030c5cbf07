package dev.quire.view;

import dev.quire.NotFoundException;
import dev.quire.codec.JsonText;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The conversations, newest first, and one conversation's transcript. */
final class ConversationPages {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final Store store;

  ConversationPages(Store store) {
    this.store = store;
  }

  /** {@code /conversations}: one page of the conversations, most recently updated first. */
  Map<String, Object> list(Paging paging) {
    Map<String, Object> model = Templates.model("title", "Conversations");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Entity c : paging.show(store.conversations(paging.offset(), paging.ask()), model)) {
      rows.add(Templates.model("href", Urls.conversation(c.id()), "title", titleOf(c), "updated", time(c.getDate("updatedAt")),
          "project", projectName(c.getString("projectId"))));
    }
    model.put("rows", rows);
    return model;
  }

  /** {@code /conversations/<id>}: the conversation's interactions in order, Markdown rendered. */
  Map<String, Object> transcript(String id) {
    Entity c = store.get(EntityTypes.CONVERSATIONS, id)
        .orElseThrow(() -> new NotFoundException("no conversation " + id + " in this store"));
    List<Map<String, Object>> turns = new ArrayList<>();
    for (Entity i : store.interactions(id)) {
      turns.add(turn(i));
    }
    String title = c.getString("title");
    return Templates.model("title", title == null || title.isBlank() ? titleOf(c) : title, "project", projectName(c.getString("projectId")),
        "created", time(c.getDate("createdAt")), "updated", time(c.getDate("updatedAt")),
        "historyHref", Urls.entity(EntityTypes.CONVERSATIONS.folder(), id), "turns", turns, "count", turns.size());
  }

  private static Map<String, Object> turn(Entity i) {
    Map<String, Object> prompt = i.get("prompt") instanceof Map<?, ?> m ? cast(m) : Map.of();
    Map<String, Object> metadata = i.getMap("metadata");
    Object response = i.get("response");
    List<Map<String, Object>> files = new ArrayList<>();
    files(prompt.get("metadata") instanceof Map<?, ?> pm ? pm.get("attachedFiles") : null, files);
    files(metadata == null ? null : metadata.get("attachedFiles"), files);
    Number index = i.getNumber("index");
    return Templates.model("index", index == null ? "?" : index.toString(), "type", i.getString("type"),
        "status", i.getString("status"), "started", time(i.getDate("startedAt")),
        "model", metadata == null ? null : metadata.get("modelId"),
        "href", Urls.entity(EntityTypes.INTERACTIONS.folder(), i.id()),
        "prompt", prompt.get("content") instanceof String s && !s.isBlank() ? Markdown.html(s) : null,
        "files", files, "hasFiles", !files.isEmpty(),
        "responseHtml", response instanceof String s && !s.isBlank() ? Markdown.html(s) : null,
        "responseJson", response == null || response instanceof String ? null : JsonText.fragment(response, 0));
  }

  /** LiteChat's attachedFiles entries: name, MIME type, size, and where a VFS file is. */
  private static void files(Object attached, List<Map<String, Object>> out) {
    if (attached instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> f) {
          out.add(Templates.model("name", f.get("name"), "type", f.get("type"),
              "size", f.get("size") instanceof Number n ? size(n.longValue()) : null, "path", f.get("path"),
              "source", f.get("source")));
        }
      }
    }
  }

  private String projectName(String projectId) {
    if (projectId == null) {
      return null;
    }
    return store.get(EntityTypes.PROJECTS, projectId).map(Entity::label).orElse(projectId);
  }

  private static String titleOf(Entity c) {
    String label = c.label();
    return label == null ? "(untitled " + c.id() + ")" : label;
  }

  static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }

  private static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    return bytes < 1 << 20 ? String.format("%.1f KiB", bytes / 1024.0) : String.format("%.1f MiB", bytes / 1048576.0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
