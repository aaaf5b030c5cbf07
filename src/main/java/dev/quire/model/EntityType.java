package dev.quire.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything Quire knows about one LiteChat table, described once: its folder, id field,
 * known fields (with their shapes, date and secret markers), unique constraints, the look-ups
 * LiteChat makes (its Dexie indexes), its listing order and where its files live. The rest of
 * the code reads these descriptors instead of knowing types one by one. All instances are in
 * {@link EntityTypes}.
 */
public final class EntityType {
  private final String table;
  private final String folder;
  private final String idField;
  private final ObjectShape shape;
  private final Placement placement;
  private final String parentField;
  private final String keyPrefix;
  private final List<List<String>> uniques;
  private final List<String> indexes;
  private final List<SortKey> order;
  private final List<String> dateFields;
  private final List<String> secretFields;

  private EntityType(Builder b) {
    this.table = Objects.requireNonNull(b.table, "table == null");
    this.folder = Objects.requireNonNull(b.folder, "folder == null");
    this.idField = b.idField;
    this.shape = Objects.requireNonNull(b.shape, "shape == null");
    this.placement = b.placement;
    this.parentField = b.parentField;
    this.keyPrefix = b.keyPrefix;
    this.uniques = List.copyOf(b.uniques);
    this.indexes = List.copyOf(b.indexes);
    this.order = List.copyOf(b.order);
    if (shape.field(idField) == null) {
      throw new IllegalArgumentException(table + ": id field " + idField + " is not a field");
    }
    if ((placement == Placement.GROUPED) != (parentField != null)) {
      throw new IllegalArgumentException(table + ": a parent field goes with GROUPED placement");
    }
    List<String> dates = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    for (Field f : shape.fields()) {
      if (f.shape() == Shape.Scalar.DATE) {
        dates.add(f.name());
      }
      if (f.secret()) {
        secrets.add(f.name());
      }
    }
    this.dateFields = List.copyOf(dates);
    this.secretFields = List.copyOf(secrets);
  }

  static Builder builder(String table, String folder) {
    return new Builder(table, folder);
  }

  /** LiteChat's table name ({@code promptTemplates}). */
  public String table() {
    return table;
  }

  /** The folder under the version directory, also the type's name on the command line. */
  public String folder() {
    return folder;
  }

  /** The field that holds the entity's key: {@code id}, or {@code key} for settings. */
  public String idField() {
    return idField;
  }

  /** The known fields, in canonical order (the id field first). */
  public ObjectShape shape() {
    return shape;
  }

  public Placement placement() {
    return placement;
  }

  /** For {@link Placement#GROUPED} types, the field naming the parent; otherwise null. */
  public String parentField() {
    return parentField;
  }

  /**
   * A prefix every key is expected to carry and that file names leave out ({@code settings:}
   * for settings), or null.
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /** Unique constraints; each is a list of fields whose values together are unique. */
  public List<List<String>> uniques() {
    return uniques;
  }

  /** Fields LiteChat looks entities up by (its secondary indexes). */
  public List<String> indexes() {
    return indexes;
  }

  /** The order LiteChat lists this type in; ties are broken by id. */
  public List<SortKey> order() {
    return order;
  }

  /** Top-level fields holding dates. */
  public List<String> dateFields() {
    return dateFields;
  }

  /** Top-level fields holding secrets (never written to Git in plaintext). */
  public List<String> secretFields() {
    return secretFields;
  }

  /** Whether this type's entities are files in the repository's tree (not a cache). */
  public boolean isVersioned() {
    return placement != Placement.CACHE;
  }

  @Override
  public String toString() {
    return folder;
  }

  static final class Builder {
    private final String table;
    private final String folder;
    private String idField = "id";
    private ObjectShape shape;
    private Placement placement = Placement.FLAT;
    private String parentField;
    private String keyPrefix;
    private final List<List<String>> uniques = new ArrayList<>();
    private final List<String> indexes = new ArrayList<>();
    private final List<SortKey> order = new ArrayList<>();

    private Builder(String table, String folder) {
      this.table = table;
      this.folder = folder;
    }

    Builder idField(String field) {
      this.idField = field;
      return this;
    }

    Builder shape(ObjectShape s) {
      this.shape = s;
      return this;
    }

    Builder placement(Placement p) {
      this.placement = p;
      return this;
    }

    Builder groupedBy(String field) {
      this.placement = Placement.GROUPED;
      this.parentField = field;
      return this;
    }

    Builder keyPrefix(String prefix) {
      this.keyPrefix = prefix;
      return this;
    }

    Builder unique(String... fields) {
      uniques.add(List.of(fields));
      return this;
    }

    Builder indexes(String... fields) {
      indexes.addAll(List.of(fields));
      return this;
    }

    Builder order(SortKey... keys) {
      order.addAll(List.of(keys));
      return this;
    }

    EntityType build() {
      return new EntityType(this);
    }
  }
}
