package dev.quire.store;

import dev.quire.internal.engine.Reads;
import dev.quire.layout.Problem;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import java.util.List;
import java.util.Optional;

/** A {@link Snapshot} over the engine's reads of a commit (or of a transaction, see {@link Work}). */
class View implements Snapshot {
  private final Reads commit;

  View(Reads commit) {
    this.commit = commit;
  }

  @Override
  public String commitId() {
    return commit.commitId();
  }

  @Override
  public Optional<Entity> get(EntityType type, String id) {
    return commit.get(type, id);
  }

  @Override
  public List<Entity> list(EntityType type) {
    return commit.list(type);
  }

  @Override
  public List<Entity> list(EntityType type, int offset, int limit) {
    return commit.page(type, offset, limit);
  }

  @Override
  public List<Entity> find(EntityType type, String field, Object value) {
    return commit.find(type, field, value);
  }

  @Override
  public List<Entity> interactionsStartedBetween(java.time.Instant from, java.time.Instant to) {
    return commit.startedBetween(from, to);
  }

  @Override
  public List<Entity> interactions(String conversationId) {
    return commit.interactions(conversationId);
  }

  @Override
  public List<Problem> problems() {
    return commit.problems();
  }

  @Override
  public Optional<byte[]> readFile(String vfsKey, String path) {
    return commit.readFile(vfsKey, path);
  }

  @Override
  public List<String> listFiles(String vfsKey, String folder) {
    return commit.listFiles(vfsKey, folder);
  }
}
