package dev.quire.exchange;

import static dev.quire.testing.Fixture.map;

import dev.quire.codec.JsonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates LiteChat-shaped full exports as LiteChat (or a hand) might write them: unknown
 * fields at every level, dates as ISO strings of several forms and as epoch milliseconds,
 * entities without ids, agents with tasks and orphan tasks.
 */
final class ExportFixtures {
  private ExportFixtures() {}

  /** A date in one of four forms, all meaning 2025-03-01 plus {@code seconds}. */
  static Object date(Random r, long seconds) {
    long ms = 1_740_787_200_000L + seconds * 1000;
    java.time.Instant t = java.time.Instant.ofEpochMilli(ms);
    return switch (r.nextInt(4)) {
      case 0 -> t.toString();                                              // 2025-03-01T00:00:10Z
      case 1 -> ms;                                                        // epoch milliseconds
      case 2 -> t.atOffset(java.time.ZoneOffset.ofHours(2)).toString();    // +02:00
      default -> java.time.format.DateTimeFormatter.ISO_INSTANT.format(t.plusMillis(0)).replace("Z", ".000Z");
    };
  }

  /** An export of {@code conversations} conversations with {@code turns} interactions each. */
  static String large(int conversations, int turns, long seed) {
    Random r = new Random(seed);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", 1);
    doc.put("exportedAt", "2025-04-01T00:00:00.000Z");
    doc.put("settings", map("theme", "dark", "temperature", 0.7, "customFontSize", 14,
        "someFutureSetting", map("nested", List.of(1, "two", map("three", true)))));
    doc.put("apiKeys", List.of(map("id", "key1", "name", "OpenAI", "value", "sk-test-SECRET-0001",
        "providerId", "openai", "createdAt", date(r, 1), "updatedAt", date(r, 2), "extra", "kept")));
    doc.put("providerConfigs", List.of(map("id", "pc1", "name", "OpenAI", "type", "openai", "isEnabled", true,
        "apiKeyId", "key1", "baseURL", null, "enabledModels", List.of("gpt-4.1"), "autoFetchModels", false,
        "fetchedModels", List.of(map("id", "gpt-4.1", "context_length", 1047576, "pricing", map("prompt", "0.000002"))),
        "modelsLastFetchedAt", date(r, 3), "createdAt", date(r, 4), "updatedAt", date(r, 5))));
    List<Object> projects = new ArrayList<>();
    projects.add(map("id", "proj1", "name", "Work", "path", "/Work", "parentId", null,
        "createdAt", date(r, 6), "updatedAt", date(r, 7), "metadata", map("color", "blue")));
    projects.add(map("name", "No id yet", "path", "/Work/New", "parentId", "proj1",
        "createdAt", date(r, 8), "updatedAt", date(r, 9)));
    doc.put("projects", projects);
    List<Object> convs = new ArrayList<>();
    List<Object> interactions = new ArrayList<>();
    for (int c = 0; c < conversations; c++) {
      String cid = "conv" + c;
      convs.add(map("id", cid, "title", "Conversation " + c, "projectId", c % 3 == 0 ? "proj1" : null,
          "createdAt", date(r, 100 + c), "updatedAt", date(r, 10_000 + c * 7L),
          "metadata", map("enabledTools", List.of("search"), "toolMaxStepsOverride", null, "futureKey", c),
          "syncRepoId", null, "unknownTop", map("deep", map("deeper", List.of(c)))));
      for (int i = 0; i < turns; i++) {
        Map<String, Object> prompt = map("id", "p" + c + "_" + i, "content", "Question " + i + "?\nSecond line.",
            "parameters", map("temperature", 0.5), "metadata", map("attachedFiles",
                i == 0 ? List.of(map("id", "f1", "source", "direct", "name", "a.txt", "type", "text/plain",
                    "size", 5, "contentText", "hello", "futureFileField", "x")) : List.of(),
                "unknownPromptMeta", i));
        Map<String, Object> inter = map("conversationId", cid, "type", "message.user_assistant",
            "index", i, "parentId", null, "prompt", prompt,
            "response", "Answer " + i + " with **Markdown**.\n\n```js\nconsole.log(" + i + ")\n```\n",
            "status", "COMPLETED", "startedAt", date(r, 20_000 + c * 100L + i),
            "endedAt", date(r, 20_001 + c * 100L + i), "rating", null,
            "metadata", map("modelId", "openai:gpt-4.1", "inputTokens", 10 + i, "providerMetadata",
                map("openai", map("cachedTokens", 0))), "futureInteractionField", List.of(true));
        if ((c + i) % 5 != 0) {
          inter.put("id", "i" + c + "_" + i); // every fifth has no id: one is generated
        }
        interactions.add(inter);
      }
    }
    doc.put("conversations", convs);
    doc.put("interactions", interactions);
    doc.put("rules", List.of(map("id", "rule1", "name", "Brief", "content", "Be brief.", "type", "system",
        "alwaysOn", true, "createdAt", date(r, 11), "updatedAt", date(r, 12))));
    doc.put("tags", List.of(map("id", "tag1", "name", "Style", "description", null,
        "createdAt", date(r, 13), "updatedAt", date(r, 14))));
    doc.put("tagRuleLinks", List.of(map("id", "link1", "tagId", "tag1", "ruleId", "rule1")));
    doc.put("mods", List.of(map("id", "mod1", "name", "Mod", "sourceUrl", null, "scriptContent", "x()",
        "enabled", false, "loadOrder", 1, "createdAt", date(r, 15))));
    doc.put("syncRepos", List.of(map("id", "sync1", "name", "Backup", "remoteUrl", "https://git.example/r.git",
        "branch", "main", "username", "me", "password", "hunter2-SECRET", "createdAt", date(r, 16),
        "updatedAt", date(r, 17))));
    doc.put("mcpServers", List.of(map("id", "mcp1", "name", "Files", "url", "http://127.0.0.1:9000/sse",
        "enabled", true, "headers", map("X-Test", "1"), "futureServerField", 3)));
    doc.put("promptTemplates", List.of(map("id", "pt1", "name", "Summarize", "description", "d",
        "variables", List.of(map("name", "text", "description", "t", "type", "string", "required", true, "unknownVar", 1)),
        "prompt", "Summarize {{text}}", "tags", List.of("a"), "isPublic", false, "type", "prompt",
        "createdAt", date(r, 18), "updatedAt", date(r, 19))));
    doc.put("agents", List.of(
        map("id", "agent1", "name", "Researcher", "description", "d", "variables", List.of(), "prompt", "Research.",
            "tags", List.of(), "isPublic", false, "type", "agent", "createdAt", date(r, 20), "updatedAt", date(r, 21)),
        map("id", "task1", "name", "Find sources", "description", "d", "variables", List.of(), "prompt", "Find.",
            "tags", List.of(), "isPublic", false, "type", "task", "parentId", "agent1",
            "createdAt", date(r, 22), "updatedAt", date(r, 23))));
    doc.put("workflows", List.of(map("id", "wf1", "name", "Flow", "description", "d",
        "steps", List.of(map("id", "s1", "name", "Start", "type", "trigger", "futureStepField", map("a", 1)),
            map("id", "s2", "name", "Fan out", "type", "parallel",
                "parallelStep", map("id", "s2a", "name", "Inner", "type", "prompt", "modelId", "m"))),
        "triggerType", "custom", "createdAt", date(r, 24), "updatedAt", date(r, 25))));
    doc.put("someFutureGroup", List.of(1, 2, 3));
    return JsonText.of(doc);
  }
}
