package dev.quire.exchange;

import dev.quire.InvalidEntityException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.codec.JsonStream;
import dev.quire.codec.JsonText;
import dev.quire.model.Dates;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Snapshot;
import dev.quire.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One conversation in LiteChat's formats: the JSON document {@code {conversation,
 * interactions}} (2-space JSON, interactions by index) and a Markdown transcript; and the
 * import of such a JSON document, with new ids as LiteChat gives them (the conversation, every
 * interaction, and the references between them) or with the file's ids, replacing the
 * conversation as a whole.
 */
public final class ConversationExchange {
  private ConversationExchange() {}

  /** What an import wrote. */
  public record Imported(String conversationId, int interactions, String commit) {}

  /** The conversation as LiteChat's one-conversation JSON. */
  public static String toJson(Snapshot snapshot, String conversationId) {
    Entity conversation = snapshot.require(EntityTypes.CONVERSATIONS, conversationId);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("conversation", conversation.fields());
    doc.put("interactions", snapshot.interactions(conversationId).stream().map(Entity::fields).toList());
    return JsonText.of(doc);
  }

  /** The conversation as a Markdown transcript: title, ids and dates, then each turn by index. */
  public static String toMarkdown(Snapshot snapshot, String conversationId) {
    Entity c = snapshot.require(EntityTypes.CONVERSATIONS, conversationId);
    StringBuilder md = new StringBuilder();
    md.append("# ").append(oneLine(c.getString("title"), "Untitled conversation")).append("\n\n");
    md.append("- Conversation: `").append(c.id()).append("`\n");
    if (c.getString("projectId") != null) {
      md.append("- Project: `").append(c.getString("projectId")).append("`\n");
    }
    date(md, "Created", c.getDate("createdAt"));
    date(md, "Updated", c.getDate("updatedAt"));
    for (Entity i : snapshot.interactions(conversationId)) {
      String type = i.getString("type");
      if (type == null || !type.startsWith("message.")) {
        continue;
      }
      md.append("\n---\n\n");
      Map<String, Object> prompt = i.getMap("prompt");
      if (prompt != null && prompt.get("content") instanceof String content && !content.isEmpty()) {
        md.append("## User");
        when(md, i.getDate("startedAt"));
        md.append("\n\n").append(content.strip()).append("\n\n");
      }
      Map<String, Object> meta = i.getMap("metadata");
      Object model = meta == null ? null : meta.get("modelId");
      md.append("## Assistant");
      if (model != null) {
        md.append(" (").append(model).append(')');
      }
      when(md, i.getDate("endedAt"));
      md.append("\n\n");
      Object response = i.get("response");
      if (response instanceof String s) {
        md.append(s.strip()).append('\n');
      } else if (response != null) {
        md.append("```json\n").append(JsonText.of(response)).append("```\n");
      } else {
        md.append("_(no response; status ").append(i.getString("status")).append(")_\n");
      }
    }
    return md.toString();
  }

  private static String oneLine(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s.replace('\n', ' ').strip();
  }

  private static void date(StringBuilder md, String label, Instant at) {
    if (at != null) {
      md.append("- ").append(label).append(": ").append(Dates.format(at)).append('\n');
    }
  }

  private static void when(StringBuilder md, Instant at) {
    if (at != null) {
      md.append(" · ").append(Dates.format(at));
    }
  }

  /**
   * Imports a one-conversation JSON document in one commit.
   *
   * @param keepIds keep the file's ids, replacing an existing conversation of that id and all
   *     its interactions; otherwise everything gets a new id, as in LiteChat
   */
  public static Imported importJson(Store store, byte[] json, String source, boolean keepIds) {
    Object tree = new EntityCodec().readTree(Format.JSON, json, source);
    if (!(tree instanceof Map<?, ?> root)) {
      throw new InvalidEntityException(source, 1, "$", "expected {\"conversation\": …, \"interactions\": […]},"
          + " found " + JsonStream.describe(tree));
    }
    if (!(root.get("conversation") instanceof Map<?, ?> conv)) {
      throw new InvalidEntityException(source, "$.conversation", "expected the conversation object,"
          + " found " + (root.containsKey("conversation") ? JsonStream.describe(root.get("conversation")) : "nothing"));
    }
    Object list = root.containsKey("interactions") ? root.get("interactions") : List.of();
    if (!(list instanceof List<?> items)) {
      throw new InvalidEntityException(source, "$.interactions", "expected a list, found " + JsonStream.describe(list));
    }
    Map<String, Object> convFields = copy(conv);
    Object oldId = convFields.get("id");
    String id = keepIds && oldId instanceof String s && !s.isEmpty() ? s : Ids.nanoid();
    convFields.put("id", id);
    Entity conversation = FullImport.entityAt(EntityTypes.CONVERSATIONS, convFields, source, "$.conversation", 0);
    Map<String, String> newIds = new HashMap<>();
    List<Map<String, Object>> raw = new ArrayList<>();
    for (int n = 0; n < items.size(); n++) {
      if (!(items.get(n) instanceof Map<?, ?> m)) {
        throw new InvalidEntityException(source, "$.interactions[" + n + "]", "expected an object, found "
            + JsonStream.describe(items.get(n)));
      }
      Map<String, Object> f = copy(m);
      Object old = f.get("id");
      String fresh = keepIds && old instanceof String s && !s.isEmpty() ? s : Ids.nanoid();
      if (old instanceof String s) {
        newIds.put(s, fresh);
      }
      f.put("id", fresh);
      f.put("conversationId", id);
      raw.add(f);
    }
    List<Entity> interactions = new ArrayList<>();
    for (int n = 0; n < raw.size(); n++) {
      Map<String, Object> f = raw.get(n);
      if (!keepIds) {
        remap(f, "parentId", newIds);
        if (f.get("metadata") instanceof Map<?, ?> meta && meta.containsKey("regeneratedFromId")) {
          Map<String, Object> m = copy(meta);
          remap(m, "regeneratedFromId", newIds);
          f.put("metadata", m);
        }
      }
      interactions.add(FullImport.entityAt(EntityTypes.INTERACTIONS, f, source, "$.interactions[" + n + "]", 0));
    }
    Set<String> keep = interactions.stream().map(Entity::id).collect(Collectors.toSet());
    String commit = store.transaction(tx -> {
      if (keepIds) {
        for (Entity old : tx.interactions(id)) {
          if (!keep.contains(old.id())) {
            tx.delete(EntityTypes.INTERACTIONS, old.id());
          }
        }
      }
      tx.put(conversation);
      interactions.forEach(tx::put);
      tx.message("import conversation " + conversation.label());
    });
    return new Imported(id, interactions.size(), commit);
  }

  private static void remap(Map<String, Object> fields, String field, Map<String, String> ids) {
    if (fields.get(field) instanceof String s && ids.containsKey(s)) {
      fields.put(field, ids.get(s));
    }
  }

  static Map<String, Object> copy(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put((String) k, v));
    return out;
  }
}
