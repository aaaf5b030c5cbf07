package dev.quire.view;

import dev.quire.NotFoundException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.codec.JsonText;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.store.Revision;
import dev.quire.store.Snapshot;
import dev.quire.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Any entity: the types, one type's entities, an entity as its file holds it with its history,
 * and the diff of an entity between two revisions, field by field. Secret fields show that
 * they are set, never their values.
 */
final class EntityPages {
  /** What a secret field shows instead of its value. */
  static final String SECRET = "(secret, not shown)";
  private static final EntityCodec CODEC = new EntityCodec();
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

  private final Store store;

  EntityPages(Store store) {
    this.store = store;
  }

  /** {@code /types}: every entity type, with its folder. */
  Map<String, Object> types() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (EntityType t : EntityTypes.all()) {
      rows.add(Templates.model("href", "/types/" + t.folder(), "folder", t.folder(), "table", t.table()));
    }
    return Templates.model("title", "Entities", "rows", rows);
  }

  /** {@code /types/<type>}: one page of a type's entities, in the type's order. */
  Map<String, Object> list(String folder, Paging paging) {
    EntityType type = type(folder);
    Map<String, Object> model = Templates.model("title", type.folder());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Entity e : paging.show(store.list(type, paging.offset(), paging.ask()), model)) {
      rows.add(Templates.model("href", Urls.entity(folder, e.id()), "id", e.id(), "label", e.label()));
    }
    model.put("rows", rows);
    return model;
  }

  /** {@code /types/<type>/<id>}: the entity now (or that it was deleted) and the commits that changed it. */
  Map<String, Object> entity(String folder, String id) {
    EntityType type = type(folder);
    Optional<Entity> now = store.get(type, id);
    List<Revision> history = store.history(type, id);
    if (now.isEmpty() && history.isEmpty()) {
      throw new NotFoundException("no " + folder + " entity " + id + " in this store, now or in its history");
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Revision r = history.get(i);
      String older = i + 1 < history.size() ? history.get(i + 1).commit() : null;
      rows.add(Templates.model("commit", r.shortId(), "time", ConversationPages.time(r.time()), "author", r.author(),
          "subject", r.subject(), "diffHref", Urls.diff(folder, id, older, r.commit())));
    }
    String label = now.map(Entity::label).orElse(null);
    return Templates.model("title", folder + " / " + (label == null ? id : label), "id", id,
        "file", now.map(e -> CODEC.encodeToString(masked(e), Format.YAML)).orElse(null),
        "deleted", now.isEmpty(), "transcriptHref", type == EntityTypes.CONVERSATIONS && now.isPresent()
            ? Urls.conversation(id) : null,
        "history", rows);
  }

  /** {@code /types/<type>/<id>/diff?from=A&to=B}: what changed between two revisions (no {@code from}: since nothing). */
  Map<String, Object> diff(String folder, String id, String from, String to) {
    EntityType type = type(folder);
    Map<String, Object> before = from == null ? null : fields(type, id, at(from));
    Map<String, Object> after = fields(type, id, at(to));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FieldDiff.Row r : FieldDiff.between(before, after)) {
      rows.add(Templates.model("path", r.path(), "kind", r.kind().name().toLowerCase(java.util.Locale.ROOT),
          "before", r.kind() == FieldDiff.Kind.ADDED ? null : shown(r.before()),
          "after", r.kind() == FieldDiff.Kind.REMOVED ? null : shown(r.after())));
    }
    return Templates.model("title", folder + " / " + id + ": changes", "entityHref", Urls.entity(folder, id),
        "from", from == null ? "(nothing)" : short12(from), "to", short12(to), "rows", rows, "same", rows.isEmpty(),
        "existedBefore", before != null, "existsAfter", after != null);
  }

  private Map<String, Object> fields(EntityType type, String id, Snapshot at) {
    return at.get(type, id).map(e -> masked(e).fields()).orElse(null);
  }

  private Snapshot at(String commit) {
    if (commit == null || !COMMIT.matcher(commit).matches()) {
      throw new BadRequest("a revision here is a commit id (7 to 40 hex digits), not \"" + commit + "\"");
    }
    return store.at(commit);
  }

  /** The entity with each secret field that has a value replaced by {@link #SECRET}. */
  static Entity masked(Entity e) {
    Entity out = e;
    for (String field : e.type().secretFields()) {
      if (e.get(field) != null) {
        out = out.with(field, SECRET);
      }
    }
    return out;
  }

  /** A value as a page shows it: a string as it is, anything else as JSON. */
  static String shown(Object value) {
    return value instanceof String s ? s : JsonText.fragment(value, 0);
  }

  private static String short12(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }

  static EntityType type(String folder) {
    return EntityTypes.find(folder)
        .orElseThrow(() -> new NotFoundException("no entity type \"" + folder + "\"; the types are " + EntityTypes.folderNames()));
  }
}
