package dev.quire.internal.engine;

import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;

/**
 * LiteChat's referential rules, applied inside the transaction that deletes: an API key
 * unlinks its provider configs, a sync repo its conversations; a project deletes its
 * sub-projects, their conversations and its project files; a conversation its interactions and
 * files; a tag or rule its links; a marketplace source its installed items.
 */
final class Cascades {
  private Cascades() {}

  static void apply(Tx tx, EntityType type, String id) {
    if (type == EntityTypes.API_KEYS) {
      for (Entity pc : tx.find(EntityTypes.PROVIDER_CONFIGS, "apiKeyId", id)) {
        tx.put(pc.with("apiKeyId", null));
      }
    } else if (type == EntityTypes.SYNC_REPOS) {
      for (Entity c : tx.find(EntityTypes.CONVERSATIONS, "syncRepoId", id)) {
        tx.put(c.with("syncRepoId", null));
      }
    } else if (type == EntityTypes.PROJECTS) {
      for (Entity child : tx.find(EntityTypes.PROJECTS, "parentId", id)) {
        tx.delete(EntityTypes.PROJECTS, child.id());
      }
      for (Entity c : tx.find(EntityTypes.CONVERSATIONS, "projectId", id)) {
        tx.delete(EntityTypes.CONVERSATIONS, c.id());
      }
      tx.deleteFile(id, "");
    } else if (type == EntityTypes.CONVERSATIONS) {
      for (Entity i : tx.interactions(id)) {
        tx.delete(EntityTypes.INTERACTIONS, i.id());
      }
      tx.deleteFile(id, "");
    } else if (type == EntityTypes.TAGS) {
      for (Entity link : tx.find(EntityTypes.TAG_RULE_LINKS, "tagId", id)) {
        tx.delete(EntityTypes.TAG_RULE_LINKS, link.id());
      }
    } else if (type == EntityTypes.RULES) {
      for (Entity link : tx.find(EntityTypes.TAG_RULE_LINKS, "ruleId", id)) {
        tx.delete(EntityTypes.TAG_RULE_LINKS, link.id());
      }
    } else if (type == EntityTypes.MARKETPLACE_SOURCES) {
      for (Entity item : tx.find(EntityTypes.INSTALLED_ITEMS, "sourceId", id)) {
        tx.delete(EntityTypes.INSTALLED_ITEMS, item.id());
      }
    }
  }
}
