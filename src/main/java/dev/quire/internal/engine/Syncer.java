package dev.quire.internal.engine;

import dev.quire.store.Store;
import dev.quire.internal.git.TreeDiff;

import dev.quire.ConflictException;
import dev.quire.StoreException;
import dev.quire.merge.TreeMerge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * One sync with a Git remote: fetch its branch, merge it semantically ({@link TreeMerge}) or
 * fast-forward, and push with a lease — the remote branch must still be where it was fetched,
 * otherwise fetch and merge again, a bounded number of times.
 */
public final class Syncer {
  private static final int ATTEMPTS = 5;

  private Syncer() {}

  public static Store.SyncResult sync(StoreCore core, String remote, CredentialsProvider credentials) {
    Repository repo = core.repo();
    String branch = core.options().branch();
    String tracking = Constants.R_REMOTES + remote + "/" + branch;
    if (repo.getConfig().getString("remote", remote, "url") == null) {
      throw new dev.quire.NotFoundException("no remote \"" + remote + "\"; add it with \"quire remote add " + remote + " URL\"");
    }
    int merged = 0;
    int conflicts = 0;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      ObjectId before = resolve(repo, tracking);
      try (Git git = new Git(repo)) {
        git.fetch().setRemote(remote).setCredentialsProvider(credentials)
            .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_REMOTES + remote + "/*")).call();
      } catch (TransportException e) {
        throw new StoreException("cannot fetch from " + remote + ": " + e.getMessage()
            + "; nothing was changed", e);
      } catch (GitAPIException e) {
        throw new StoreException("cannot fetch from " + remote + ": " + e.getMessage(), e);
      }
      ObjectId theirs = resolve(repo, tracking);
      refuseRewrite(repo, remote, tracking, before, theirs);
      refuseOtherVersion(core, remote, theirs);
      ObjectId ours = core.refresh();
      try (RevWalk rw = new RevWalk(repo)) {
        if (theirs != null && ours != null && !rw.isMergedInto(rw.parseCommit(theirs), rw.parseCommit(ours))) {
          if (rw.isMergedInto(rw.parseCommit(ours), rw.parseCommit(theirs))) {
            core.advance(ours, theirs);
            return new Store.SyncResult(remote, theirs.name(), true, false, 0, 0);
          }
          int[] counts = new int[2];
          ours = merge(core, rw, ours, theirs, remote + "/" + branch, counts);
          merged += counts[0];
          conflicts += counts[1];
        } else if (theirs != null && ours == null) {
          core.advance(null, theirs);
          return new Store.SyncResult(remote, theirs.name(), true, false, 0, 0);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (ours == null || ours.equals(theirs)) {
        return new Store.SyncResult(remote, ours == null ? null : ours.name(), false, false, merged, conflicts);
      }
      refuseSecrets(core, ours, theirs);
      if (pushWithLease(repo, remote, credentials, branch, ours, theirs)) {
        updateTracking(repo, tracking, ours);
        return new Store.SyncResult(remote, ours.name(), false, true, merged, conflicts);
      }
      // the remote moved since the fetch: fetch and merge again
    }
    throw new ConflictException("the remote branch of " + remote + " kept moving during " + ATTEMPTS
        + " attempts; nothing local was lost, sync again");
  }

  /** Both sides must be at the same schema version: a merge across versions would mix two layouts. */
  private static void refuseOtherVersion(StoreCore core, String remote, ObjectId theirs) {
    if (theirs == null) {
      return;
    }
    java.util.Set<String> versions = new java.util.TreeSet<>();
    try (RevWalk rw = new RevWalk(core.repo()); org.eclipse.jgit.treewalk.TreeWalk walk = new org.eclipse.jgit.treewalk.TreeWalk(core.repo())) {
      walk.addTree(rw.parseCommit(theirs).getTree());
      while (walk.next()) {
        if (walk.isSubtree() && walk.getNameString().matches("v[1-9][0-9]{0,3}")) {
          versions.add(walk.getNameString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String mine = core.layout().versionDir();
    if (!versions.isEmpty() && !versions.equals(java.util.Set.of(mine))) {
      throw new ConflictException(remote + " is at schema " + String.join(", ", versions) + " and this store at " + mine
          + "; nothing was merged: migrate the older one first (quire migrate in a clone of it), then sync");
    }
  }

  /**
   * Refuses to push when an object about to leave contains a value of the local secret store
   * (an API key pasted into a rule, a password committed by hand): secrets never leave in a push.
   */
  private static void refuseSecrets(StoreCore core, ObjectId ours, ObjectId theirs) {
    List<byte[]> secrets = core.secretValues().stream().filter(v -> v != null && v.length() >= 8)
        .map(v -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
    if (secrets.isEmpty()) {
      return;
    }
    try (org.eclipse.jgit.revwalk.ObjectWalk walk = new org.eclipse.jgit.revwalk.ObjectWalk(core.repo())) {
      walk.markStart(walk.parseCommit(ours));
      if (theirs != null) {
        walk.markUninteresting(walk.parseCommit(theirs));
      }
      while (walk.next() != null) {
        // commits: their messages are checked with the blobs below
      }
      for (org.eclipse.jgit.revwalk.RevObject o; (o = walk.nextObject()) != null; ) {
        if (o.getType() != Constants.OBJ_BLOB) {
          continue;
        }
        byte[] data = core.repo().open(o).getCachedBytes(64 << 20);
        for (byte[] secret : secrets) {
          if (dev.quire.schema.Validator.contains(data, secret)) {
            throw new StoreException("refusing to push: " + walk.getPathString() + " (in a commit not yet on the"
                + " remote) contains a secret value from the local secret store; remove it from the history"
                + " first (it never reached the remote)");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A remote branch whose new head does not contain the head seen at the last sync was
   * rewritten (force-pushed). Merging it would take its deletions for edits, so nothing is
   * merged: the remote-tracking branch is put back and the sync stops with what to do.
   */
  private static void refuseRewrite(Repository repo, String remote, String tracking, ObjectId before, ObjectId after) {
    if (before == null || after == null || before.equals(after)) {
      return;
    }
    try (RevWalk rw = new RevWalk(repo)) {
      if (rw.isMergedInto(rw.parseCommit(before), rw.parseCommit(after))) {
        return;
      }
    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
      return; // the old head is gone locally: nothing to compare
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    updateTracking(repo, tracking, before);
    throw new ConflictException("the branch of " + remote + " was rewritten (force-pushed): its new head "
        + after.name().substring(0, 12) + " no longer contains " + before.name().substring(0, 12)
        + ", which this store synced with; nothing was merged or pushed and nothing local changed."
        + " Look at the new history (git log " + after.name().substring(0, 12) + "), then either push this store's"
        + " history back or start again from a fresh clone");
  }

  private static ObjectId merge(StoreCore core, RevWalk rw, ObjectId ours, ObjectId theirs, String name, int[] counts)
      throws IOException {
    RevCommit a = rw.parseCommit(ours);
    RevCommit b = rw.parseCommit(theirs);
    rw.reset();
    rw.setRevFilter(RevFilter.MERGE_BASE);
    rw.markStart(a);
    rw.markStart(b);
    RevCommit base = rw.next();
    SortedMap<String, TreeMerge.Versions> paths = new TreeMap<>();
    try (ObjectReader reader = core.newReader()) {
      CommitView vb = base == null ? null : core.view(base);
      CommitView va = core.view(a);
      CommitView vt = core.view(b);
      java.util.Set<String> changed = new java.util.TreeSet<>();
      for (TreeDiff.Change c : TreeDiff.ofCommits(reader, base, a)) {
        changed.add(c.path());
      }
      for (TreeDiff.Change c : TreeDiff.ofCommits(reader, base, b)) {
        changed.add(c.path());
      }
      for (String p : changed) {
        paths.put(p, new TreeMerge.Versions(bytes(core, reader, vb, p), bytes(core, reader, va, p), bytes(core, reader, vt, p)));
      }
    }
    TreeMerge.Outcome outcome = TreeMerge.merge(core.layout(), core.codec(), paths);
    CommitView oursView = core.view(a);
    int conflicts = outcome.conflicts() + repairUniques(core, oursView, outcome.changes())
        + recordDanglingReferences(core, oursView, outcome.changes());
    counts[0] = paths.size();
    counts[1] = conflicts;
    String message = "sync: merge " + name + " (" + paths.size() + " paths"
        + (conflicts > 0 ? ", " + conflicts + " conflicts recorded in " + TreeMerge.CONFLICTS : "") + ")\n";
    return core.commitChanges(ours, List.of(theirs), oursView.tree, java.util.Collections.<String, Object>unmodifiableMap(outcome.changes()), message, () -> { });
  }

  /**
   * Two replicas can each create an entity that is fine alone and clashes with the other's
   * (two rules named "Short answers"). After the merge, every unique constraint is checked
   * again; of entities that clash, the one with the smallest id keeps its value, the others get
   * their id appended to a unique name or path (a duplicate tag–rule link is dropped), and each
   * repair is recorded as a conflict. Deterministic, so every replica repairs the same way.
   */
  private static int repairUniques(StoreCore core, CommitView ours, SortedMap<String, byte[]> changes) {
    int repaired = 0;
    try (ObjectReader reader = core.newReader()) {
      for (dev.quire.model.EntityType type : dev.quire.model.EntityTypes.versioned()) {
        if (type.uniques().isEmpty()) {
          continue;
        }
        String folder = core.layout().folderOf(type);
        if (changes.keySet().stream().noneMatch(p -> p.startsWith(folder + "/"))) {
          continue;
        }
        SortedMap<String, dev.quire.model.Entity> all = new TreeMap<>();
        for (CommitView.Located l : ours.walk(reader, folder, true)) {
          try {
            all.put(l.path(), core.decode(reader, l.path(), l.blob()));
          } catch (StoreException e) {
            // an unreadable file takes part in no constraint
          }
        }
        for (Map.Entry<String, byte[]> c : changes.subMap(folder + "/", folder + "0").entrySet()) {
          if (c.getValue() == null) {
            all.remove(c.getKey());
          } else {
            try {
              all.put(c.getKey(), core.layout().decode(c.getKey(), c.getValue(), core.codec()));
            } catch (StoreException e) {
              all.remove(c.getKey());
            }
          }
        }
        for (List<String> fields : type.uniques()) {
          Map<List<Object>, List<Map.Entry<String, dev.quire.model.Entity>>> groups = new java.util.HashMap<>();
          for (Map.Entry<String, dev.quire.model.Entity> e : all.entrySet()) {
            List<Object> key = fields.stream().map(f -> e.getValue().get(f)).toList();
            if (!key.contains(null)) {
              groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            }
          }
          for (List<Map.Entry<String, dev.quire.model.Entity>> group : groups.values()) {
            if (group.size() < 2) {
              continue;
            }
            group.sort(java.util.Comparator.comparing(e -> e.getValue().id()));
            for (Map.Entry<String, dev.quire.model.Entity> clash : group.subList(1, group.size())) {
              dev.quire.model.Entity e = clash.getValue();
              String rule;
              if (fields.size() == 1 && e.get(fields.get(0)) instanceof String value) {
                dev.quire.model.Entity renamed = e.with(fields.get(0), value + " (" + e.id() + ")");
                changes.put(clash.getKey(), core.codec().encode(renamed,
                    clash.getKey().endsWith(".json") ? dev.quire.codec.Format.JSON : dev.quire.codec.Format.YAML));
                all.put(clash.getKey(), renamed);
                rule = fields.get(0) + " must be unique: " + group.get(0).getValue().id() + " keeps \"" + value
                    + "\", this one became \"" + value + " (" + e.id() + ")\"";
              } else {
                changes.put(clash.getKey(), null);
                rule = String.join("+", fields) + " must be unique: a duplicate of " + group.get(0).getValue().id() + " was dropped";
              }
              changes.put(TreeMerge.recordPath(clash.getKey()), TreeMerge.recordBytes(core.codec(), clash.getKey(),
                  core.layout().parse(clash.getKey()).orElse(null), List.of(Map.of("field", "$." + fields.get(0), "rule", rule))));
              repaired++;
            }
          }
        }
      }
    }
    return repaired;
  }

  /**
   * After a merge, a reference can point nowhere though neither side broke it alone (one side
   * deleted a rule, the other linked a tag to it). Such references are left as they are — the
   * data is not guessed at — and recorded as conflicts to look at.
   */
  private static int recordDanglingReferences(StoreCore core, CommitView ours, SortedMap<String, byte[]> changes) {
    // what the merge changes, decoded: path -> entity (null when deleted)
    Map<String, dev.quire.model.Entity> changed = new TreeMap<>();
    Map<dev.quire.model.EntityType, java.util.Set<String>> deleted = new java.util.HashMap<>();
    try (ObjectReader reader = core.newReader()) {
      for (Map.Entry<String, byte[]> c : changes.entrySet()) {
        dev.quire.layout.EntityPath at;
        try {
          at = core.layout().parse(c.getKey()).orElse(null);
        } catch (StoreException e) {
          continue;
        }
        if (at == null) {
          continue;
        }
        if (c.getValue() == null) {
          deleted.computeIfAbsent(at.type(), t -> new java.util.HashSet<>()).add(at.id());
          continue;
        }
        try {
          changed.put(c.getKey(), core.layout().decode(c.getKey(), c.getValue(), core.codec()));
        } catch (StoreException e) {
          // unreadable: recorded by the merge already
        }
      }
      int found = 0;
      for (dev.quire.schema.Validator.Reference r : dev.quire.schema.Validator.references()) {
        Map<String, dev.quire.model.Entity> sources = new TreeMap<>();
        changed.forEach((p, e) -> {
          if (e.type() == r.from()) {
            sources.put(p, e);
          }
        });
        java.util.Set<String> gone = deleted.getOrDefault(r.to(), java.util.Set.of());
        if (!gone.isEmpty()) { // entities that pointed at what the merge deletes
          for (CommitView.Located l : ours.walk(reader, core.layout().folderOf(r.from()), true)) {
            if (!ours.isAttachment(l.path()) && !changes.containsKey(l.path())) {
              try {
                dev.quire.model.Entity e = core.decode(reader, l.path(), l.blob());
                if (gone.contains(e.get(r.field()))) {
                  sources.put(l.path(), e);
                }
              } catch (StoreException e) {
                // unreadable
              }
            }
          }
        }
        for (Map.Entry<String, dev.quire.model.Entity> e : sources.entrySet()) {
          if (!(e.getValue().get(r.field()) instanceof String target) || exists(core, reader, ours, changed, gone, r.to(), target)
              || changes.containsKey(TreeMerge.recordPath(e.getKey()))) {
            continue;
          }
          changes.put(TreeMerge.recordPath(e.getKey()), TreeMerge.recordBytes(core.codec(), e.getKey(),
              core.layout().parse(e.getKey()).orElse(null), List.of(Map.of("field", "$." + r.field(), "rule",
                  "after the merge, " + r.field() + " \"" + target + "\" points to no " + r.to().folder()
                      + "; correct or clear it"))));
          found++;
        }
      }
      return found;
    }
  }

  private static boolean exists(StoreCore core, ObjectReader reader, CommitView ours,
      Map<String, dev.quire.model.Entity> changed, java.util.Set<String> gone, dev.quire.model.EntityType type, String id) {
    for (dev.quire.model.Entity e : changed.values()) {
      if (e.type() == type && e.id().equals(id)) {
        return true;
      }
    }
    return !gone.contains(id) && ours.locate(reader, type, id) != null;
  }

  private static byte[] bytes(StoreCore core, ObjectReader reader, CommitView view, String path) {
    if (view == null) {
      return null;
    }
    ObjectId blob = view.blobAt(reader, path);
    return blob == null ? null : core.bytes(reader, blob, Long.MAX_VALUE, path);
  }

  /**
   * Pushes {@code commit} to the branch of {@code remote} (a remote's name or a URL) if the
   * remote branch is still {@code expected} (null: absent); false when it moved meanwhile.
   */
  public static boolean pushWithLease(Repository repo, String remote, CredentialsProvider credentials, String branch,
      ObjectId commit, ObjectId expected) {
    String ref = Constants.R_HEADS + branch;
    try (Transport transport = Transport.open(repo, remote)) {
      transport.setCredentialsProvider(credentials);
      RemoteRefUpdate update = new RemoteRefUpdate(repo, commit.name(), ref, false, null,
          expected == null ? ObjectId.zeroId() : expected);
      PushResult result = transport.push(org.eclipse.jgit.lib.NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate.Status status = result.getRemoteUpdate(ref).getStatus();
      return switch (status) {
        case OK, UP_TO_DATE -> true;
        case REJECTED_REMOTE_CHANGED, REJECTED_NONFASTFORWARD -> false;
        default -> throw new StoreException("push to " + remote + " refused (" + status + ")"
            + (result.getRemoteUpdate(ref).getMessage() == null ? "" : ": " + result.getRemoteUpdate(ref).getMessage())
            + "; the local store keeps everything, sync again");
      };
    } catch (org.eclipse.jgit.errors.TransportException e) {
      throw new StoreException("cannot push to " + remote + ": " + e.getMessage() + "; the local store keeps"
          + " everything, sync again", e);
    } catch (IOException | java.net.URISyntaxException e) {
      throw new StoreException("cannot push to " + remote + ": " + e.getMessage(), e);
    }
  }

  /** Sets a local ref, whatever it pointed at. */
  public static void forceRef(Repository repo, String ref, ObjectId to) {
    try {
      var u = repo.updateRef(ref);
      u.setNewObjectId(to);
      u.setForceUpdate(true);
      u.update();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void updateTracking(Repository repo, String tracking, ObjectId to) {
    try {
      forceRef(repo, tracking, to);
    } catch (UncheckedIOException e) {
      // only the remote-tracking ref: the next fetch sets it
    }
  }

  private static ObjectId resolve(Repository repo, String ref) {
    try {
      return repo.resolve(ref);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
