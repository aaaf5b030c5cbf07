package dev.quire.exchange;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The twelve selection groups of LiteChat's full export and import ({@code importSettings},
 * {@code importApiKeys}, …), each with the name the command line uses and the keys of the
 * export document it covers, in the order LiteChat writes them.
 */
public enum ExportGroup {
  SETTINGS("settings", "importSettings", "settings"),
  API_KEYS("api-keys", "importApiKeys", "apiKeys"),
  PROVIDER_CONFIGS("provider-configs", "importProviderConfigs", "providerConfigs"),
  PROJECTS("projects", "importProjects", "projects"),
  CONVERSATIONS("conversations", "importConversations", "conversations", "interactions"),
  RULES_AND_TAGS("rules-and-tags", "importRulesAndTags", "rules", "tags", "tagRuleLinks"),
  MODS("mods", "importMods", "mods"),
  SYNC_REPOS("sync-repos", "importSyncRepos", "syncRepos"),
  MCP_SERVERS("mcp-servers", "importMcpServers", "mcpServers"),
  PROMPT_TEMPLATES("prompt-templates", "importPromptTemplates", "promptTemplates"),
  AGENTS("agents", "importAgents", "agents"),
  WORKFLOWS("workflows", "importWorkflows", "workflows");

  private final String cliName;
  private final String liteChatOption;
  private final List<String> keys;

  ExportGroup(String cliName, String liteChatOption, String... keys) {
    this.cliName = cliName;
    this.liteChatOption = liteChatOption;
    this.keys = List.of(keys);
  }

  /** The group's name on the command line ({@code rules-and-tags}). */
  public String cliName() {
    return cliName;
  }

  /** LiteChat's name for the selection flag ({@code importRulesAndTags}). */
  public String liteChatOption() {
    return liteChatOption;
  }

  /** The keys of the export document this group covers. */
  public List<String> keys() {
    return keys;
  }

  /** The group an export document key belongs to. */
  public static Optional<ExportGroup> ofKey(String key) {
    for (ExportGroup g : values()) {
      if (g.keys.contains(key)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /**
   * Parses a comma-separated list of group names ({@code conversations,rules-and-tags});
   * LiteChat's option names are accepted too.
   *
   * @throws IllegalArgumentException naming an unknown group and listing the known ones
   */
  public static Set<ExportGroup> parse(String list) {
    Set<ExportGroup> out = EnumSet.noneOf(ExportGroup.class);
    for (String part : list.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      ExportGroup found = null;
      for (ExportGroup g : values()) {
        if (g.cliName.equals(name.toLowerCase(Locale.ROOT)) || g.liteChatOption.equals(name)) {
          found = g;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException("unknown group \"" + name + "\"; the groups are " + names());
      }
      out.add(found);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no group named; the groups are " + names());
    }
    return out;
  }

  /** Every group's command-line name, comma-separated. */
  public static String names() {
    return java.util.Arrays.stream(values()).map(ExportGroup::cliName).collect(Collectors.joining(", "));
  }
}
