package dev.quire.sync;

import dev.quire.InvalidEntityException;
import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.codec.JsonText;
import dev.quire.internal.engine.Seam;
import dev.quire.internal.remote.RemoteMirror;
import dev.quire.layout.FileNames;
import dev.quire.merge.EntityMerge;
import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * LiteChat's own Git sync, done without losing edits: a conversation linked to a SyncRepo
 * ({@code syncRepoId}) lives in that repository as {@code .litechat/conversations/<id>.json},
 * {@code {conversation, interactions}} in 2-space JSON as LiteChat writes it (the conversation
 * without {@code lastSyncedAt}), committed as {@code Sync conversation: <title> (<id>)}. Where
 * LiteChat replaces the whole file with the newer side, this merges against the version of
 * the last sync: the conversation field by field, interactions one by one (both sides' new
 * ones kept, an edited one beats a deletion). The repository is kept as a private mirror under
 * {@code .git/quire/litechat/}; the last synced version of each conversation is a ref there.
 */
final class LiteChatSync {
  static final String FOLDER = ".litechat/conversations/";

  private final Seam seam;
  private final Store store;
  private final int attempts;

  LiteChatSync(Store store) {
    this.seam = store.seam();
    this.store = store;
    this.attempts = store.options().retries().syncAttempts();
  }

  /** Syncs one conversation with its SyncRepo; returns the commit pushed, or null when nothing was pushed. */
  String syncConversation(String conversationId) {
    Entity conversation = store.require(EntityTypes.CONVERSATIONS, conversationId);
    String repoId = conversation.getString("syncRepoId");
    if (repoId == null) {
      throw new InvalidEntityException("conversations " + conversationId, "$.syncRepoId",
          "the conversation is not linked to a sync repository");
    }
    Entity repo = store.require(EntityTypes.SYNC_REPOS, repoId);
    try {
      return sync(repo, conversationId);
    } catch (StoreException e) {
      recordOutcome(repo, false, e.getMessage());
      throw e;
    }
  }

  /** Imports the conversations of a SyncRepo that this store does not have yet; returns their ids. */
  List<String> pullNew(String repoId) {
    Entity repo = store.require(EntityTypes.SYNC_REPOS, repoId);
    List<String> out = new ArrayList<>();
    try (RemoteMirror mirror = mirror(repo)) {
      ObjectId head = fetch(mirror, repo);
      if (head != null) {
        for (String path : mirror.files(head, LiteChatSync::isConversationFile)) {
          String id = path.substring(FOLDER.length(), path.length() - ".json".length());
          if (store.get(EntityTypes.CONVERSATIONS, id).isEmpty()) {
            Doc doc = Doc.parse(mirror.read(head, path), path);
            store.transaction(tx -> {
              tx.put(doc.conversation.with("syncRepoId", repoId).with("lastSyncedAt", now()));
              doc.interactions.values().forEach(tx::put);
              tx.message("pull conversation " + doc.conversation.label() + " from sync repo " + repo.label());
            });
            setSynced(mirror, id, head);
            out.add(id);
          }
        }
      }
      recordOutcome(repo, false, null);
    }
    return out;
  }

  private String sync(Entity repo, String id) {
    String path = FOLDER + id + ".json";
    try (RemoteMirror mirror = mirror(repo)) {
      for (int attempt = 1; attempt <= attempts; attempt++) {
        ObjectId head = fetch(mirror, repo);
        ObjectId synced = mirror.resolve(syncedRef(id));
        Doc theirs = head == null ? null : Doc.parseOrNull(mirror.read(head, path), path);
        Doc base = synced == null ? null : Doc.parseOrNull(mirror.read(synced, path), path);
        Doc ours = local(id);
        Doc merged = theirs == null ? ours : merge(base, ours, theirs);
        byte[] text = merged.json().getBytes(StandardCharsets.UTF_8);
        byte[] remote = head == null ? null : mirror.read(head, path);
        ObjectId pushed = null;
        if (!Arrays.equals(text, remote)) {
          ObjectId commit = mirror.commitFile(head, path, text, seam.identity(),
              "Sync conversation: " + merged.conversation.getString("title") + " (" + id + ")");
          if (!mirror.pushWithLease(repo.getString("remoteUrl"), credentials(repo), branch(repo), commit, head)) {
            continue; // the repository moved since the fetch: merge again
          }
          pushed = commit;
        }
        save(repo.id(), id, merged, pushed != null);
        setSynced(mirror, id, pushed != null ? pushed : head);
        return pushed == null ? null : pushed.name();
      }
    }
    throw new dev.quire.ConflictException("the sync repository " + repo.label() + " kept moving; sync again");
  }

  /**
   * The local side of a sync, as one commit: the merged conversation and interactions,
   * lastSyncedAt, and the repository's lastPulledAt, lastPushedAt and lastSyncError.
   */
  private void save(String repoId, String id, Doc merged, boolean pushed) {
    store.transaction(tx -> {
      for (Entity old : tx.interactions(id)) {
        if (!merged.interactions.containsKey(old.id())) {
          tx.delete(EntityTypes.INTERACTIONS, old.id());
        }
      }
      merged.interactions.values().forEach(tx::put);
      String now = now();
      tx.put(merged.conversation.with("lastSyncedAt", now));
      tx.put(outcome(tx.require(EntityTypes.SYNC_REPOS, repoId), pushed, null, now));
      tx.message("sync conversation " + merged.conversation.label() + " with sync repo " + repoId);
    });
  }

  /** The conversation as this store has it, as the file would hold it. */
  private Doc local(String id) {
    Entity conversation = store.require(EntityTypes.CONVERSATIONS, id).without("lastSyncedAt");
    Map<String, Entity> interactions = new LinkedHashMap<>();
    store.interactions(id).forEach(i -> interactions.put(i.id(), i));
    return new Doc(conversation, interactions);
  }

  private static Doc merge(Doc base, Doc ours, Doc theirs) {
    Entity conversation = EntityMerge.merge(base == null ? null : base.conversation.without("lastSyncedAt"),
        ours.conversation.without("lastSyncedAt"), theirs.conversation.without("lastSyncedAt")).entity();
    // keep the local links (project, sync repo): they are not LiteChat's to decide here
    conversation = conversation.with("syncRepoId", ours.conversation.get("syncRepoId"));
    Set<String> ids = new LinkedHashSet<>(ours.interactions.keySet());
    ids.addAll(theirs.interactions.keySet());
    Map<String, Entity> interactions = new LinkedHashMap<>();
    for (String iid : ids) {
      Entity b = base == null ? null : base.interactions.get(iid);
      Entity o = ours.interactions.get(iid);
      Entity t = theirs.interactions.get(iid);
      Entity kept;
      if (o == null || t == null) {
        Entity present = o == null ? t : o;
        // new on one side (no base) or edited since the base: kept; unchanged and deleted on the other: gone
        kept = b == null || !present.equals(b) ? present : null;
      } else {
        kept = EntityMerge.merge(b, o, t).entity();
      }
      if (kept != null) {
        interactions.put(iid, kept);
      }
    }
    return new Doc(conversation, interactions);
  }

  /** A conversation file: the conversation and its interactions by id. */
  private record Doc(Entity conversation, Map<String, Entity> interactions) {
    static Doc parse(byte[] bytes, String source) {
      Object tree = new EntityCodec().readTree(Format.JSON, bytes, source);
      if (!(tree instanceof Map<?, ?> root) || !(root.get("conversation") instanceof Map<?, ?> c)) {
        throw new InvalidEntityException(source, "$.conversation", "not a LiteChat conversation file");
      }
      @SuppressWarnings("unchecked")
      Entity conversation = Entity.fromTree(EntityTypes.CONVERSATIONS, (Map<String, ?>) c, source);
      Map<String, Entity> interactions = new LinkedHashMap<>();
      if (root.get("interactions") instanceof List<?> list) {
        for (Object o : list) {
          @SuppressWarnings("unchecked")
          Entity i = Entity.fromTree(EntityTypes.INTERACTIONS, (Map<String, ?>) o, source);
          interactions.put(i.id(), i);
        }
      }
      return new Doc(conversation, interactions);
    }

    static Doc parseOrNull(byte[] bytes, String source) {
      return bytes == null ? null : parse(bytes, source);
    }

    /** As LiteChat writes it: JSON.stringify({conversation, interactions}, null, 2), interactions by index. */
    String json() {
      List<Entity> sorted = new ArrayList<>(interactions.values());
      sorted.sort(Comparator.comparingDouble((Entity e) -> e.getNumber("index") == null ? 0 : e.getNumber("index").doubleValue())
          .thenComparing(Entity::id));
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("conversation", conversation.without("lastSyncedAt").fields());
      doc.put("interactions", sorted.stream().map(Entity::fields).toList());
      String text = JsonText.of(doc);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
  }

  // ---- the mirror ---------------------------------------------------------------------------

  /** The sync repository's private mirror, under {@code .git/quire/litechat/}. */
  private RemoteMirror mirror(Entity repo) {
    return RemoteMirror.privateAt(seam.privateDirectory().resolve("litechat").resolve(FileNames.encode(repo.id()) + ".git"));
  }

  private static ObjectId fetch(RemoteMirror mirror, Entity repo) {
    return mirror.fetch(repo.getString("remoteUrl"), credentials(repo), "sync", branch(repo));
  }

  private static boolean isConversationFile(String p) {
    return p.startsWith(FOLDER) && p.endsWith(".json") && p.indexOf('/', FOLDER.length()) < 0;
  }

  /** Now, by the store's clock, as LiteChat writes dates. */
  private String now() {
    return dev.quire.model.Dates.format(seam.clock().instant());
  }

  private static CredentialsProvider credentials(Entity repo) {
    return RemoteMirror.credentials(repo.getString("username"), repo.getString("password"));
  }

  private static String syncedRef(String conversationId) {
    return "refs/quire/synced/" + FileNames.encode(conversationId);
  }

  private static void setSynced(RemoteMirror mirror, String id, ObjectId commit) {
    if (commit != null) {
      mirror.forceRef(syncedRef(id), commit);
    }
  }

  private static String branch(Entity repo) {
    return repo.getString("branch") == null ? "main" : repo.getString("branch");
  }

  private void recordOutcome(Entity repo, boolean pushed, String error) {
    Entity updated = outcome(repo, pushed, error, now());
    if (!Objects.equals(updated, repo)) {
      store.put(updated);
    }
  }

  private static Entity outcome(Entity repo, boolean pushed, String error, String now) {
    Entity updated = repo.with("lastPulledAt", error == null ? now : repo.get("lastPulledAt"))
        .with("lastSyncError", error);
    return pushed ? updated.with("lastPushedAt", now) : updated;
  }
}
