package dev.quire.store;

import dev.quire.internal.engine.Tx;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;

/** A {@link PendingTransaction} over a transaction of the engine. */
final class Work extends View implements PendingTransaction {
  private final Tx tx;

  Work(Tx tx) {
    super(tx);
    this.tx = tx;
  }

  @Override
  public void put(Entity entity) {
    tx.put(entity);
  }

  @Override
  public boolean delete(EntityType type, String id) {
    return tx.delete(type, id);
  }

  @Override
  public void clear(EntityType type) {
    tx.clear(type);
  }

  @Override
  public void writeFile(String vfsKey, String path, byte[] content) {
    tx.writeFile(vfsKey, path, content);
  }

  @Override
  public boolean deleteFile(String vfsKey, String path) {
    return tx.deleteFile(vfsKey, path);
  }

  @Override
  public void moveFile(String vfsKey, String from, String to) {
    tx.moveFile(vfsKey, from, to);
  }

  @Override
  public void message(String subject) {
    tx.message(subject);
  }

  @Override
  public String commit() {
    return tx.commit();
  }
}
