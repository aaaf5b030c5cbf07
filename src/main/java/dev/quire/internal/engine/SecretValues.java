package dev.quire.internal.engine;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.internal.secrets.LocalSecrets;
import dev.quire.internal.secrets.SealedSecret;
import dev.quire.internal.secrets.SharedKey;
import dev.quire.layout.FileNames;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.SecretRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The secret fields of entities (DESIGN §6). Written, a value goes to the local secret store
 * and the file keeps its reference; in a store that shares its secrets (its tree holds
 * {@code shared-secrets/README.md}) the value is also sealed into its file under
 * {@code shared-secrets/} with this device's key. Read, a reference becomes the sealed value
 * if it opens here, else the local value, else null: never the reference's text. A secret
 * field left null on a write keeps the reference it had, since null is what a device that lacks
 * the value reads.
 */
public final class SecretValues {
  private static final System.Logger LOG = System.getLogger(SecretValues.class.getName());
  /** The file whose presence makes a store share its secrets; it says how they are sealed. */
  public static final String MARKER = SealedSecret.FOLDER + "/README.md";
  private final LocalSecrets local;
  private final Path keyFile;

  SecretValues(Path privateDir) {
    this.local = new LocalSecrets(privateDir);
    this.keyFile = privateDir.resolve("shared-secrets.key");
  }

  public LocalSecrets local() {
    return local;
  }

  /** Where this device keeps the key of shared secrets (outside the tree, never pushed). */
  public Path keyFile() {
    return keyFile;
  }

  public Optional<SharedKey> key() {
    return SharedKey.load(keyFile);
  }

  /** The path of the sealed file of a reference {@code secret:<folder>/<id>/<field>}. */
  public static String sealedPath(String ref) {
    String body = ref.substring(SecretRef.PREFIX.length());
    int first = body.indexOf('/');
    int last = body.lastIndexOf('/');
    return SealedSecret.path(body.substring(0, first), FileNames.encode(body.substring(first + 1, last)),
        body.substring(last + 1));
  }

  /** A secret field's value as this device can know it, or why it cannot. */
  public record Resolved(String ref, String value, String problem) {}

  /** Resolves a reference at a commit: the sealed value if it opens, else the local one. */
  public Resolved resolve(String ref, CommitView at, ObjectReader reader, Optional<SharedKey> key) {
    String path = sealedPath(ref);
    ObjectId sealed = at.blobAt(reader, path);
    String problem = null;
    if (sealed != null) {
      SealedSecret.Opened opened = SealedSecret.open(key.orElse(null), ref, at.core.bytes(reader, sealed, 1 << 20, path), path);
      if (opened.value() != null) {
        return new Resolved(ref, opened.value(), null);
      }
      problem = opened.problem();
    }
    String value = local.get(ref);
    return new Resolved(ref, value, value != null ? null
        : problem != null ? problem : "no value on this device; set it again, or share secrets (`quire secrets share`)"
            + " on a device that has it and import the key here (`quire secrets key import`)");
  }

  /** The entity with its secret references replaced by the values known here (null when none is). */
  Entity reveal(Entity e, CommitView at, ObjectReader reader) {
    Entity out = e;
    Optional<SharedKey> key = null;
    for (String field : e.type().secretFields()) {
      Object v = e.get(field);
      if (SecretRef.isReference(v)) {
        key = key == null ? key() : key;
        out = out.with(field, resolve((String) v, at, reader, key).value());
      }
    }
    return out;
  }

  /**
   * What a transaction's secret fields become: its entities as their files will hold them
   * (values replaced by references), by path, and the references of entities it deletes, whose
   * local values go once the commit stands ({@link #forget}).
   */
  record Hidden(Map<String, Entity> entities, Set<String> deleted) {}

  /** Whether the store shares its secrets at {@code at} (its tree holds {@link #MARKER}). */
  public boolean isShared(CommitView at) {
    try (ObjectReader reader = at.core.newReader()) {
      return at.blobAt(reader, MARKER) != null;
    }
  }

  /**
   * The sealed file for {@code value} under {@code key}, or null when the one at {@code at}
   * already holds that value (so sharing again changes nothing).
   */
  public byte[] resealed(CommitView at, SharedKey key, String ref, String value) {
    String path = sealedPath(ref);
    byte[] old = at.readRaw(path);
    return old != null && value.equals(SealedSecret.open(key, ref, old, path).value()) ? null
        : SealedSecret.seal(key, ref, value);
  }

  /**
   * Hides the secret values {@code tx} writes: they go to the local secret store (in one write
   * of it) and the files keep references; in a sharing store their sealed files are staged in
   * {@code tx} too (written, or removed where this device cannot seal a new value).
   */
  Hidden hide(Tx tx) {
    Map<String, Entity> out = new HashMap<>();
    Set<String> deleted = new HashSet<>();
    if (tx.staged.values().stream().noneMatch(s -> s.type() != null && !s.type().secretFields().isEmpty())) {
      return new Hidden(out, deleted);
    }
    boolean sharing = isShared(tx.base);
    Optional<SharedKey> key = sharing ? key() : Optional.empty();
    Set<String> kept = new HashSet<>(); // entities written by tx: a delete of one of them is a move
    for (Staged s : tx.staged.values()) {
      if (s.entity() != null) {
        kept.add(s.type().folder() + "/" + s.id());
      }
    }
    Map<String, String> localWrites = new HashMap<>();
    Map<String, byte[]> sealedWrites = new LinkedHashMap<>();
    List<String> sealedRemovals = new ArrayList<>();
    try (ObjectReader reader = tx.base.core.newReader()) {
      for (Map.Entry<String, Staged> e : tx.staged.entrySet()) {
        Staged s = e.getValue();
        if (s.type() == null || s.type().secretFields().isEmpty()) {
          continue;
        }
        if (s.entity() == null) {
          if (s.isDelete() && !kept.contains(s.type().folder() + "/" + s.id())) {
            for (String field : s.type().secretFields()) {
              String ref = SecretRef.of(s.type(), s.id(), field);
              deleted.add(ref);
              if (sharing && tx.base.blobAt(reader, sealedPath(ref)) != null) {
                sealedRemovals.add(sealedPath(ref));
              }
            }
          }
          continue;
        }
        Entity stored = s.entity();
        Entity previous = null;
        boolean previousRead = false;
        for (String field : s.type().secretFields()) {
          Object v = stored.get(field);
          String ref = SecretRef.of(s.type(), s.id(), field);
          if (v instanceof String value && !SecretRef.isReference(value)) {
            localWrites.put(ref, value);
            stored = stored.with(field, ref);
            if (sharing) {
              seal(tx, reader, key, ref, value, sealedWrites, sealedRemovals);
            }
          } else if (v == null) {
            if (!previousRead) {
              previous = storedAt(tx.base, reader, e.getKey());
              previousRead = true;
            }
            if (previous != null && SecretRef.isReference(previous.get(field))) {
              stored = stored.with(field, previous.get(field)); // unknown here is not "removed"
            }
          }
        }
        out.put(e.getKey(), stored);
      }
    }
    if (!localWrites.isEmpty()) {
      local.update(localWrites);
    }
    sealedWrites.forEach(tx::putRaw);
    sealedRemovals.forEach(tx::removeAt);
    return new Hidden(out, deleted);
  }

  /** Drops the local values of deleted entities' secrets (after their deletion was committed), in one write. */
  void forget(Set<String> refs) {
    if (!refs.isEmpty()) {
      Map<String, String> removals = new HashMap<>();
      refs.forEach(ref -> removals.put(ref, null));
      local.update(removals);
    }
  }

  private void seal(Tx tx, ObjectReader reader, Optional<SharedKey> key, String ref, String value,
      Map<String, byte[]> writes, List<String> removals) {
    String path = sealedPath(ref);
    if (key.isPresent()) {
      byte[] sealed = resealed(tx.base, key.get(), ref, value);
      if (sealed != null) {
        writes.put(path, sealed);
      }
    } else if (tx.base.blobAt(reader, path) != null) {
      removals.add(path);
      LOG.log(System.Logger.Level.WARNING, ref + " changed on a device without the store's secrets key: the value is"
          + " kept on this device only, and its sealed copy " + path + " is removed; import the key"
          + " (`quire secrets key import`) and run `quire secrets share` to share it again");
    }
  }

  private static Entity storedAt(CommitView at, ObjectReader reader, String path) {
    return storedAt(at, reader, path, at.blobAt(reader, path));
  }

  private static Entity storedAt(CommitView at, ObjectReader reader, String path, ObjectId blob) {
    try {
      return blob == null ? null : at.decode(reader, path, blob);
    } catch (MalformedFileException | InvalidEntityException e) {
      return null; // a broken file holds no reference to keep
    }
  }

  /** Every secret reference at {@code at} whose value this device cannot read, with why. */
  public List<Resolved> missing(CommitView at) {
    return resolveAll(at).stream().filter(r -> r.value() == null).toList();
  }

  /**
   * Every secret value this device knows: the local ones and those sealed at {@code at} that
   * open here (so that none of them leaves in a push in plaintext).
   */
  public Set<String> known(CommitView at) {
    Set<String> out = new HashSet<>(local.values());
    resolveAll(at).forEach(r -> {
      if (r.value() != null) {
        out.add(r.value());
      }
    });
    return out;
  }

  /** Every secret reference the entity files at {@code at} hold, resolved. */
  private List<Resolved> resolveAll(CommitView at) {
    List<Resolved> out = new ArrayList<>();
    if (at.tree() == null) {
      return out;
    }
    Optional<SharedKey> key = key();
    try (ObjectReader reader = at.core.newReader()) {
      for (EntityType type : EntityTypes.versioned()) {
        if (type.secretFields().isEmpty()) {
          continue;
        }
        for (CommitView.Located l : at.walk(reader, at.core.layout().folderOf(type), true)) {
          Entity stored = storedAt(at, reader, l.path(), l.blob());
          for (String field : type.secretFields()) {
            if (stored != null && SecretRef.isReference(stored.get(field))) {
              out.add(resolve((String) stored.get(field), at, reader, key));
            }
          }
        }
      }
    }
    return out;
  }
}
