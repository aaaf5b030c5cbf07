package dev.quire.model;

import static dev.quire.model.Field.nonNull;
import static dev.quire.model.Field.of;
import static dev.quire.model.Field.required;
import static dev.quire.model.Shape.Scalar.ANY;
import static dev.quire.model.Shape.Scalar.BOOLEAN;
import static dev.quire.model.Shape.Scalar.DATE;
import static dev.quire.model.Shape.Scalar.NUMBER;
import static dev.quire.model.Shape.Scalar.STRING;
import static dev.quire.model.Shape.listOf;
import static dev.quire.model.Shape.mapOf;
import static dev.quire.model.Shape.setOf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of LiteChat's sixteen tables (Dexie schema version 12), in one place. Field
 * order here is the canonical order of keys in files. See {@code shared/litechat-model.md}.
 */
public final class EntityTypes {
  private EntityTypes() {}

  // ---- nested shapes -------------------------------------------------------------------

  /** A file attached to a prompt or a response; {@code contentBase64} can be megabytes. */
  public static final ObjectShape ATTACHED_FILE = ObjectShape.of("AttachedFile",
      of("id", STRING), of("source", STRING), of("name", STRING), of("type", STRING),
      of("size", NUMBER), of("path", STRING), of("contentText", STRING),
      of("contentBase64", STRING));

  static final ObjectShape EFFECTIVE_RULE = ObjectShape.of("EffectiveRuleContent",
      of("type", STRING), of("sourceRuleId", STRING), of("sourceTagId", STRING),
      of("content", STRING));

  static final ObjectShape PROMPT_TURN_METADATA = ObjectShape.of("PromptTurnMetadata",
      of("turnSystemPrompt", STRING), of("enabledTools", setOf(STRING)),
      of("activeTagIds", setOf(STRING)), of("activeRuleIds", setOf(STRING)),
      of("autoTitleEnabledForTurn", BOOLEAN), of("maxSteps", NUMBER),
      of("effectiveRulesContent", listOf(EFFECTIVE_RULE)),
      of("attachedFiles", listOf(ATTACHED_FILE)));

  static final ObjectShape PROMPT_TURN = ObjectShape.of("PromptTurn",
      of("id", STRING), of("content", STRING), of("parameters", mapOf(ANY)),
      of("metadata", PROMPT_TURN_METADATA));

  static final ObjectShape INTERACTION_METADATA = ObjectShape.of("InteractionMetadata",
      of("modelId", STRING), of("providerId", STRING),
      of("inputTokens", NUMBER), of("outputTokens", NUMBER), of("totalTokens", NUMBER),
      of("timeToFirstToken", NUMBER), of("generationTime", NUMBER),
      of("error", STRING), of("regeneratedFromId", STRING),
      of("isTitleGeneration", BOOLEAN), of("isParallelBranch", BOOLEAN),
      of("parallelBranchIndex", NUMBER), of("parallelParentStepId", STRING),
      of("parallelArrayItem", ANY), of("isSubWorkflowMain", BOOLEAN),
      of("subWorkflowTemplateId", STRING), of("subWorkflowParentStepId", STRING),
      of("toolCalls", listOf(STRING)), of("toolResults", listOf(STRING)),
      of("reasoning", STRING), of("providerMetadata", mapOf(ANY)),
      of("attachedFiles", listOf(ATTACHED_FILE)));

  static final ObjectShape CONVERSATION_METADATA = ObjectShape.of("ConversationMetadata",
      of("enabledTools", setOf(STRING)), of("toolMaxStepsOverride", NUMBER));

  static final ObjectShape TEMPLATE_VARIABLE = ObjectShape.of("TemplateVariable",
      of("name", STRING), of("type", STRING), of("required", BOOLEAN), of("default", ANY),
      of("description", STRING), of("instructions", STRING));

  static final ObjectShape STRUCTURED_OUTPUT = ObjectShape.of("StructuredOutput",
      of("schema", mapOf(ANY)), of("jsonSchema", ANY));

  /** A workflow step; {@code parallelStep} is itself a step. */
  public static final ObjectShape WORKFLOW_STEP = ObjectShape.recursive("WorkflowStep",
      self -> List.of(
          required("id", STRING), of("name", STRING), nonNull("type", STRING),
          of("modelId", STRING), of("templateId", STRING), of("promptTemplateId", STRING),
          of("agentId", STRING), of("taskId", STRING),
          of("instructionsForHuman", STRING),
          of("toolName", STRING), of("toolArgs", ANY),
          of("promptContent", STRING), of("promptVariables", ANY), of("prompt", ANY),
          of("functionLanguage", STRING), of("functionVariables", ANY),
          of("functionCode", STRING),
          of("transformMappings", ANY), of("transformDefinition", ANY),
          of("inputMapping", ANY),
          of("parallelOn", STRING), of("parallelModelVar", STRING),
          of("parallelStep", self),
          of("subWorkflowTemplateId", STRING), of("subWorkflowInputMapping", ANY),
          of("structuredOutput", ANY)));

  // ---- the sixteen tables ---------------------------------------------------------------

  public static final EntityType CONVERSATIONS = EntityType.builder("conversations", "conversations")
      .shape(ObjectShape.of("Conversation",
          required("id", STRING), nonNull("title", STRING), of("projectId", STRING),
          of("syncRepoId", STRING), of("createdAt", DATE), of("updatedAt", DATE),
          of("lastSyncedAt", DATE), of("metadata", CONVERSATION_METADATA)))
      .placement(Placement.SHARDED)
      .indexes("title", "createdAt", "updatedAt", "syncRepoId", "lastSyncedAt", "projectId")
      .order(SortKey.desc("updatedAt"))
      .build();

  public static final EntityType INTERACTIONS = EntityType.builder("interactions", "interactions")
      .shape(ObjectShape.of("Interaction",
          required("id", STRING), required("conversationId", STRING), nonNull("index", NUMBER),
          nonNull("type", STRING), of("status", STRING), of("parentId", STRING),
          of("startedAt", DATE), of("endedAt", DATE), of("rating", NUMBER),
          of("prompt", PROMPT_TURN), of("response", ANY),
          of("metadata", INTERACTION_METADATA)))
      .groupedBy("conversationId")
      .indexes("conversationId", "index", "type", "status", "startedAt", "parentId", "rating")
      .order(SortKey.asc("index"))
      .build();

  public static final EntityType PROJECTS = EntityType.builder("projects", "projects")
      .shape(ObjectShape.of("Project",
          required("id", STRING), nonNull("name", STRING), nonNull("path", STRING),
          of("parentId", STRING), of("createdAt", DATE), of("updatedAt", DATE),
          of("modelId", STRING), of("temperature", NUMBER), of("maxTokens", NUMBER),
          of("topP", NUMBER), of("topK", NUMBER), of("presencePenalty", NUMBER),
          of("frequencyPenalty", NUMBER), of("defaultTagIds", setOf(STRING)),
          of("defaultRuleIds", setOf(STRING)), of("metadata", mapOf(ANY)),
          of("systemPrompt", STRING)))
      .unique("path")
      .indexes("path", "parentId", "createdAt", "updatedAt", "name")
      .order(SortKey.asc("path"))
      .build();

  public static final EntityType PROMPT_TEMPLATES = EntityType.builder("promptTemplates", "prompt-templates")
      .shape(ObjectShape.of("PromptTemplate",
          required("id", STRING), nonNull("name", STRING), of("type", STRING),
          of("parentId", STRING), of("description", STRING), of("isPublic", BOOLEAN),
          of("isShortcut", BOOLEAN), of("createdAt", DATE), of("updatedAt", DATE),
          of("tags", setOf(STRING)), of("tools", setOf(STRING)), of("rules", setOf(STRING)),
          of("variables", listOf(TEMPLATE_VARIABLE)), of("followUps", listOf(STRING)),
          of("structuredOutput", STRUCTURED_OUTPUT), of("prompt", STRING)))
      .unique("name")
      .indexes("name", "createdAt", "updatedAt", "isPublic")
      .order(SortKey.asc("name"))
      .build();

  public static final EntityType WORKFLOWS = EntityType.builder("workflows", "workflows")
      .shape(ObjectShape.of("Workflow",
          required("id", STRING), nonNull("name", STRING), of("description", STRING),
          of("triggerType", STRING), of("triggerRef", STRING), of("triggerPrompt", STRING),
          of("isShortcut", BOOLEAN), of("createdAt", DATE), of("updatedAt", DATE),
          of("templateVariables", mapOf(ANY)), of("steps", listOf(WORKFLOW_STEP))))
      .unique("name")
      .indexes("name", "createdAt", "updatedAt")
      .order(SortKey.asc("name"))
      .build();

  public static final EntityType RULES = EntityType.builder("rules", "rules")
      .shape(ObjectShape.of("Rule",
          required("id", STRING), nonNull("name", STRING), of("type", STRING),
          of("alwaysOn", BOOLEAN), of("description", STRING), of("createdAt", DATE),
          of("updatedAt", DATE), of("content", STRING)))
      .unique("name")
      .indexes("name", "type", "createdAt", "updatedAt", "description")
      .order(SortKey.asc("name"))
      .build();

  public static final EntityType TAGS = EntityType.builder("tags", "tags")
      .shape(ObjectShape.of("Tag",
          required("id", STRING), nonNull("name", STRING), of("description", STRING),
          of("createdAt", DATE), of("updatedAt", DATE)))
      .unique("name")
      .indexes("name", "createdAt", "updatedAt")
      .order(SortKey.asc("name"))
      .build();

  public static final EntityType TAG_RULE_LINKS = EntityType.builder("tagRuleLinks", "tag-rule-links")
      .shape(ObjectShape.of("TagRuleLink",
          required("id", STRING), required("tagId", STRING), required("ruleId", STRING)))
      .unique("tagId", "ruleId")
      .indexes("tagId", "ruleId")
      .order(SortKey.asc("tagId"), SortKey.asc("ruleId"))
      .build();

  public static final EntityType PROVIDER_CONFIGS = EntityType.builder("providerConfigs", "provider-configs")
      .shape(ObjectShape.of("ProviderConfig",
          required("id", STRING), nonNull("name", STRING), nonNull("type", STRING),
          of("isEnabled", BOOLEAN), of("apiKeyId", STRING), of("baseURL", STRING),
          of("autoFetchModels", BOOLEAN), of("enabledModels", setOf(STRING)),
          of("modelsLastFetchedAt", DATE), of("createdAt", DATE), of("updatedAt", DATE),
          of("fetchedModels", listOf(ANY))))
      .unique("name")
      .indexes("name", "type", "isEnabled", "apiKeyId")
      .order(SortKey.asc("name"))
      .build();

  public static final EntityType API_KEYS = EntityType.builder("apiKeys", "api-keys")
      .shape(ObjectShape.of("ApiKey",
          required("id", STRING), nonNull("name", STRING), of("providerId", STRING),
          Field.secret("value"), of("createdAt", DATE), of("updatedAt", DATE)))
      .unique("name")
      .indexes("name")
      .order(SortKey.asc("name"))
      .build();

  public static final EntityType SYNC_REPOS = EntityType.builder("syncRepos", "sync-repos")
      .shape(ObjectShape.of("SyncRepo",
          required("id", STRING), nonNull("name", STRING), of("remoteUrl", STRING),
          of("branch", STRING), of("username", STRING), Field.secret("password"),
          of("lastPulledAt", DATE), of("lastPushedAt", DATE), of("lastSyncError", STRING),
          of("createdAt", DATE), of("updatedAt", DATE)))
      .unique("name")
      .indexes("name", "remoteUrl", "username")
      .order(SortKey.asc("name"))
      .build();

  public static final EntityType MODS = EntityType.builder("mods", "mods")
      .shape(ObjectShape.of("Mod",
          required("id", STRING), nonNull("name", STRING), of("sourceUrl", STRING),
          of("enabled", BOOLEAN), of("loadOrder", NUMBER), of("createdAt", DATE),
          of("scriptContent", STRING)))
      .unique("name")
      .indexes("name", "enabled", "loadOrder")
      .order(SortKey.asc("loadOrder"), SortKey.asc("name"))
      .build();

  public static final EntityType SETTINGS = EntityType.builder("appState", "settings")
      .idField("key")
      .shape(ObjectShape.of("AppState", required("key", STRING), of("value", ANY)))
      .keyPrefix("settings:")
      .order(SortKey.asc("key"))
      .build();

  public static final EntityType MARKETPLACE_SOURCES = EntityType.builder("marketplaceSources", "marketplace-sources")
      .shape(ObjectShape.of("MarketplaceSource",
          required("id", STRING), nonNull("name", STRING), nonNull("url", STRING),
          of("enabled", BOOLEAN), of("createdAt", DATE), of("lastRefreshed", DATE)))
      .unique("name")
      .unique("url")
      .indexes("name", "url", "enabled", "createdAt", "lastRefreshed")
      .order(SortKey.asc("name"))
      .build();

  public static final EntityType MARKETPLACE_INDEXES = EntityType.builder("marketplaceIndexes", "marketplace-indexes")
      .shape(ObjectShape.of("MarketplaceIndexCache",
          required("id", STRING), of("sourceId", STRING), of("cachedAt", DATE),
          of("expiresAt", DATE), of("indexData", STRING)))
      .placement(Placement.CACHE)
      .indexes("sourceId", "cachedAt", "expiresAt")
      .order(SortKey.desc("cachedAt"))
      .build();

  public static final EntityType INSTALLED_ITEMS = EntityType.builder("installedMarketplaceItems", "installed-items")
      .shape(ObjectShape.of("InstalledMarketplaceItem",
          required("id", STRING), nonNull("packageId", STRING), of("sourceId", STRING),
          of("version", STRING), of("enabled", BOOLEAN), of("installedAt", DATE),
          of("installedRules", setOf(STRING)), of("installedTemplates", setOf(STRING)),
          of("installedMcpServers", setOf(STRING))))
      .unique("packageId")
      .indexes("packageId", "sourceId", "installedAt", "enabled")
      .order(SortKey.desc("installedAt"))
      .build();

  private static final List<EntityType> ALL = List.of(
      CONVERSATIONS, INTERACTIONS, PROJECTS, PROMPT_TEMPLATES, WORKFLOWS, RULES, TAGS,
      TAG_RULE_LINKS, PROVIDER_CONFIGS, API_KEYS, SYNC_REPOS, MODS, SETTINGS,
      MARKETPLACE_SOURCES, MARKETPLACE_INDEXES, INSTALLED_ITEMS);

  private static final Map<String, EntityType> BY_NAME = new LinkedHashMap<>();

  static {
    for (EntityType t : ALL) {
      BY_NAME.put(t.folder(), t);
      BY_NAME.put(t.table(), t);
    }
  }

  /** All sixteen types, in a stable order. */
  public static List<EntityType> all() {
    return ALL;
  }

  /** The types whose entities are files in the tree (all but the marketplace index cache). */
  public static List<EntityType> versioned() {
    return ALL.stream().filter(EntityType::isVersioned).toList();
  }

  /** Looks a type up by folder name ({@code prompt-templates}) or table name. */
  public static Optional<EntityType> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Folder names of all types, for messages ("expected one of …"). */
  public static String folderNames() {
    return String.join(", ", ALL.stream().map(EntityType::folder).toList());
  }
}
