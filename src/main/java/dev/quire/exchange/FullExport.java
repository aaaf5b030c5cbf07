package dev.quire.exchange;

import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.store.Snapshot;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes LiteChat's full export ({@code FullExportData}, version 1) from any snapshot of a
 * store: {@code version}, {@code exportedAt}, then for each selected group its keys in
 * LiteChat's order — settings as a map of names without the {@code settings:} prefix (MCP
 * servers apart, as their own list), prompt templates of type prompt only, agents followed by
 * their tasks, workflows as WorkflowTemplate objects, dates as ISO strings. API key values
 * are in the export only when the API keys group is selected (they are the group). The text
 * is what {@code JSON.stringify(data, null, 2)} writes, produced entity by entity.
 */
public final class FullExport {
  private FullExport() {}

  /** Writes the export of {@code groups} from {@code snapshot} to {@code out} (not closed). */
  public static void write(Snapshot snapshot, Set<ExportGroup> groups, Instant exportedAt, Writer out) {
    ExportWriter doc = new ExportWriter(out, exportedAt);
    for (ExportGroup g : ExportGroup.values()) {
      if (!groups.contains(g)) {
        continue;
      }
      switch (g) {
        case SETTINGS -> doc.value("settings", settings(snapshot));
        case MCP_SERVERS -> doc.value("mcpServers", snapshot.mcpServers());
        case CONVERSATIONS -> {
          List<Entity> conversations = snapshot.list(EntityTypes.CONVERSATIONS);
          doc.array("conversations", conversations);
          doc.array("interactions", interactions(snapshot, conversations));
        }
        case RULES_AND_TAGS -> {
          doc.array("rules", snapshot.list(EntityTypes.RULES));
          doc.array("tags", snapshot.list(EntityTypes.TAGS));
          doc.array("tagRuleLinks", snapshot.list(EntityTypes.TAG_RULE_LINKS));
        }
        case PROMPT_TEMPLATES -> doc.array("promptTemplates", promptTemplates(snapshot));
        case AGENTS -> doc.array("agents", agents(snapshot));
        default -> doc.array(g.keys().get(0), snapshot.list(typeOf(g)));
      }
    }
    doc.end();
  }

  /** The entity type behind a one-type group. */
  static EntityType typeOf(ExportGroup g) {
    return switch (g) {
      case API_KEYS -> EntityTypes.API_KEYS;
      case PROVIDER_CONFIGS -> EntityTypes.PROVIDER_CONFIGS;
      case PROJECTS -> EntityTypes.PROJECTS;
      case MODS -> EntityTypes.MODS;
      case SYNC_REPOS -> EntityTypes.SYNC_REPOS;
      case WORKFLOWS -> EntityTypes.WORKFLOWS;
      default -> throw new IllegalArgumentException(g + " is not one type");
    };
  }

  /** The settings:… keys without prefix, MCP servers excluded. */
  static Map<String, Object> settings(Snapshot snapshot) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Entity s : snapshot.list(EntityTypes.SETTINGS)) {
      String key = s.id();
      if (key.startsWith(FullImport.SETTINGS_PREFIX) && !key.equals(FullImport.MCP_SERVERS_KEY)) {
        out.put(key.substring(FullImport.SETTINGS_PREFIX.length()), s.get("value"));
      }
    }
    return out;
  }

  /** Every interaction: conversation by conversation in the conversations' order, by index. */
  static List<Entity> interactions(Snapshot snapshot, List<Entity> conversations) {
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < conversations.size(); i++) {
      rank.put(conversations.get(i).id(), i);
    }
    List<Entity> all = new ArrayList<>(snapshot.list(EntityTypes.INTERACTIONS));
    all.sort(Comparator.<Entity>comparingInt(e -> rank.getOrDefault(e.parentId(), Integer.MAX_VALUE))
        .thenComparing(Entity::parentId, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparingDouble(e -> e.getNumber("index") == null ? Double.MAX_VALUE : e.getNumber("index").doubleValue())
        .thenComparing(Entity::id));
    return all;
  }

  /** Prompt templates of type prompt (or without a type). */
  static List<Entity> promptTemplates(Snapshot snapshot) {
    return snapshot.list(EntityTypes.PROMPT_TEMPLATES).stream().filter(FullExport::isPrompt).toList();
  }

  static boolean isPrompt(Entity template) {
    Object type = template.get("type");
    return type == null || "prompt".equals(type);
  }

  /** Agents, then the tasks whose parent is one of them. */
  static List<Entity> agents(Snapshot snapshot) {
    List<Entity> templates = snapshot.list(EntityTypes.PROMPT_TEMPLATES);
    List<Entity> out = new ArrayList<>();
    Set<String> agentIds = new HashSet<>();
    for (Entity t : templates) {
      if ("agent".equals(t.get("type"))) {
        out.add(t);
        agentIds.add(t.id());
      }
    }
    for (Entity t : templates) {
      if ("task".equals(t.get("type")) && agentIds.contains(t.get("parentId"))) {
        out.add(t);
      }
    }
    return out;
  }
}
