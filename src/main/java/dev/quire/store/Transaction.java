package dev.quire.store;

import dev.quire.model.Entity;
import dev.quire.model.EntityType;

/**
 * Reads and writes that become one commit. Reads see the commit the transaction started from
 * plus its own writes. LiteChat's referential rules run inside the transaction: deleting an
 * API key unlinks its provider configs, deleting a sync repo unlinks its conversations,
 * deleting a project deletes its sub-projects and their conversations, deleting a conversation
 * deletes its interactions, deleting a tag or rule deletes its links, deleting a marketplace
 * source deletes its installed items. Unique constraints are checked at commit.
 */
public interface Transaction extends Snapshot {

  /** Saves an entity (creates or replaces it). Secret fields go to the secret store. */
  void put(Entity entity);

  /** Deletes an entity and what depends on it; false if it did not exist. */
  boolean delete(EntityType type, String id);

  /**
   * Deletes every entity of a type, without cascades (LiteChat's {@code clearTable}): what
   * refers to them is left as it is.
   */
  void clear(EntityType type);

  /** Writes a project file (any bytes) at {@code files/<vfsKey>/<path>}. */
  void writeFile(String vfsKey, String path, byte[] content);

  /** Deletes a project file or folder; false if nothing was there. */
  boolean deleteFile(String vfsKey, String path);

  /** Moves a project file or folder. */
  void moveFile(String vfsKey, String from, String to);

  /** Sets the commit message's subject instead of the generated one. */
  void message(String subject);
}
