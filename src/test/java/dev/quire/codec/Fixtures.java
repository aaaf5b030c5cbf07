package dev.quire.codec;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entities used by the codec tests, including fields no LiteChat version has (yet). */
final class Fixtures {
  private Fixtures() {}

  static Entity interaction() {
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentBase64", "iVBORw0KGgo=");
    attachment.put("size", 8);
    attachment.put("type", "image/png");
    attachment.put("name", "dot.png");
    attachment.put("source", "direct");
    attachment.put("id", "a1");
    attachment.put("checksum", "sha256:abc"); // unknown, nested in a list
    Map<String, Object> promptMeta = new LinkedHashMap<>();
    promptMeta.put("attachedFiles", List.of(attachment));
    promptMeta.put("activeTagIds", List.of("t1", "t2"));
    promptMeta.put("futureFlag", true); // unknown
    Map<String, Object> prompt = new LinkedHashMap<>();
    prompt.put("metadata", promptMeta);
    prompt.put("parameters", Map.of("temperature", 0.7, "top_p", 1));
    prompt.put("content", "Fix this:\n\n    int x = 1\n");
    prompt.put("id", "p1");
    prompt.put("editedAt", "2025-03-01T12:00:00Z"); // unknown: stays a string
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("toolCalls", List.of("{\"toolName\":\"read_file\"}"));
    meta.put("outputTokens", 120);
    meta.put("modelId", "openai:gpt-4.1");
    meta.put("providerMetadata", Map.of("openai", Map.of("cachedTokens", 0, "id", "resp_1")));
    meta.put("version", "2.0"); // unknown, numeric-looking string
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("response", "Add a semicolon:\n\n```java\nint x = 1;\n```\n\nThat's all.");
    raw.put("metadata", meta);
    raw.put("prompt", prompt);
    raw.put("status", "COMPLETED");
    raw.put("startedAt", "2025-03-01T13:34:56+01:00");
    raw.put("endedAt", 1740836100250L);
    raw.put("index", 3);
    raw.put("type", "message.user_assistant");
    raw.put("conversationId", "c1");
    raw.put("id", "i1");
    raw.put("parentId", null);
    raw.put("branchLabel", "yes"); // unknown, boolean-looking string
    return Entity.of(EntityTypes.INTERACTIONS, raw);
  }

  static Entity workflow() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("type", "prompt");
    nested.put("id", "s2a");
    nested.put("retries", 2); // unknown, in a nested step
    Map<String, Object> s1 = new LinkedHashMap<>();
    s1.put("type", "trigger");
    s1.put("name", "Start");
    s1.put("id", "s1");
    Map<String, Object> s2 = new LinkedHashMap<>();
    s2.put("parallelStep", nested);
    s2.put("parallelOn", "items");
    s2.put("type", "parallel");
    s2.put("id", "s2");
    s2.put("uiPosition", Map.of("y", 40, "x", 120)); // unknown in a step
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("steps", List.of(s1, s2));
    raw.put("name", "Nightly summary");
    raw.put("id", "w1");
    raw.put("createdAt", "2025-03-01");
    raw.put("updatedAt", "2025-03-01T00:00:00Z");
    raw.put("description", "");
    raw.put("templateVariables", Map.of());
    raw.put("owner", Map.of("team", "core", "since", 2024)); // unknown object
    return Entity.of(EntityTypes.WORKFLOWS, raw);
  }

  static Entity conversation() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("title", "Plan: 3 days in \"Lisbon\" # May");
    raw.put("id", "V1StGXR8_Z5jdHi6B-myT");
    raw.put("projectId", null);
    raw.put("createdAt", "2025-03-01T12:34:56.789Z");
    raw.put("updatedAt", "2025-03-01T12:40:00.000Z");
    raw.put("metadata", Map.of("enabledTools", List.of(), "pinnedAt", "2025-03-02"));
    raw.put("archived", false);
    raw.put("score", 0.1);
    return Entity.of(EntityTypes.CONVERSATIONS, raw);
  }

  static Entity setting() {
    return Entity.of(EntityTypes.SETTINGS, Map.of("key", "settings:mcpServers", "value",
        List.of(Map.of("id", "fs", "name", "Files", "url", "http://127.0.0.1:3001/sse",
            "enabled", true, "headers", Map.of("X-Token", "abc")))));
  }
}
