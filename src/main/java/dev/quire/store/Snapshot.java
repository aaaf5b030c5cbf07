package dev.quire.store;

import dev.quire.NotFoundException;
import dev.quire.layout.Problem;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The store as it is at one commit: every read of a transaction, of {@link Store#at} and of
 * the store's head goes through this interface. Lists come in LiteChat's order for the type
 * (conversations newest first, interactions by index, …; ties by id). Reads never see the
 * working tree: hand edits count once committed.
 */
public interface Snapshot {

  /** The commit this snapshot reads (full hex id), or null for a store without commits. */
  String commitId();

  Optional<Entity> get(EntityType type, String id);

  /** All entities of a type. Files that do not decode are left out (see {@link #problems()}). */
  List<Entity> list(EntityType type);

  /** Entities whose top-level {@code field} equals {@code value} (null matches null or absent). */
  default List<Entity> find(EntityType type, String field, Object value) {
    return dev.quire.internal.engine.Reads.matching(list(type), field, value);
  }

  /** A conversation's interactions, by {@code index}. */
  List<Entity> interactions(String conversationId);

  /** Every entity file of this snapshot that cannot be read, with why (reads them all). */
  List<Problem> problems();

  /** The bytes of a project file, if it exists. */
  Optional<byte[]> readFile(String vfsKey, String path);

  /** The files and folders directly in a project folder ("" for the top), folders ending with '/'. */
  List<String> listFiles(String vfsKey, String folder);

  default Entity require(EntityType type, String id) {
    return get(type, id).orElseThrow(() -> new NotFoundException(
        "no " + type.folder() + " with " + type.idField() + " \"" + id + "\"" + at()));
  }

  private String at() {
    return commitId() == null ? " (the store is empty)" : " at " + commitId().substring(0, 12);
  }

  /** Conversations, newest first by {@code updatedAt}. */
  default List<Entity> conversations() {
    return list(EntityTypes.CONVERSATIONS);
  }

  /**
   * A page: at most {@code limit} entities of a type from position {@code offset} on, in
   * LiteChat's order. A store answers it from its read index, decoding only the page, so a
   * first screen costs the same at 100 entities and at 100,000.
   */
  default List<Entity> list(EntityType type, int offset, int limit) {
    return dev.quire.internal.engine.Reads.slice(list(type), offset, limit);
  }

  /** A page of conversations, newest first. */
  default List<Entity> conversations(int offset, int limit) {
    return list(EntityTypes.CONVERSATIONS, offset, limit);
  }

  /** Interactions whose {@code startedAt} is in {@code [from, to)}, by start time. */
  default List<Entity> interactionsStartedBetween(Instant from, Instant to) {
    return dev.quire.internal.engine.Reads.startedBetween(list(EntityTypes.INTERACTIONS), from, to);
  }

  /** Child projects of a project; null for the top-level projects. */
  default List<Entity> projectsByParent(String parentId) {
    return find(EntityTypes.PROJECTS, "parentId", parentId);
  }

  default List<Entity> providerConfigsByApiKey(String apiKeyId) {
    return find(EntityTypes.PROVIDER_CONFIGS, "apiKeyId", Objects.requireNonNull(apiKeyId));
  }

  default List<Entity> conversationsBySyncRepo(String syncRepoId) {
    return find(EntityTypes.CONVERSATIONS, "syncRepoId", Objects.requireNonNull(syncRepoId));
  }

  default List<Entity> linksByTag(String tagId) {
    return find(EntityTypes.TAG_RULE_LINKS, "tagId", Objects.requireNonNull(tagId));
  }

  default List<Entity> linksByRule(String ruleId) {
    return find(EntityTypes.TAG_RULE_LINKS, "ruleId", Objects.requireNonNull(ruleId));
  }

  default List<Entity> installedItemsBySource(String sourceId) {
    return find(EntityTypes.INSTALLED_ITEMS, "sourceId", Objects.requireNonNull(sourceId));
  }

  /** A setting's value by key, with or without the {@code settings:} prefix. */
  default Optional<Object> setting(String key) {
    String full = key.startsWith("settings:") ? key : "settings:" + key;
    return get(EntityTypes.SETTINGS, full).map(e -> e.get("value"));
  }

  /** The MCP servers ({@code settings:mcpServers}), empty when unset. */
  @SuppressWarnings("unchecked")
  default List<Map<String, Object>> mcpServers() {
    Object v = setting("mcpServers").orElse(null);
    return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }
}
