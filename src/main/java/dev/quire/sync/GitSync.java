package dev.quire.sync;

import dev.quire.ConflictException;
import dev.quire.NotFoundException;
import dev.quire.StoreException;
import dev.quire.internal.engine.CommitView;
import dev.quire.internal.engine.Seam;
import dev.quire.internal.git.TreeDiff;
import dev.quire.internal.remote.RemoteMirror;
import dev.quire.merge.MergeRepairs;
import dev.quire.merge.TreeMerge;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.schema.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * One sync with a Git remote: fetch its branch, merge it semantically ({@link TreeMerge}, then
 * {@link MergeRepairs}) or fast-forward, and push with a lease — the remote branch must still
 * be where it was fetched, otherwise fetch and merge again, a bounded number of times
 * ({@code RetryPolicy.syncAttempts}).
 */
final class GitSync {
  private final Seam seam;
  private final int attempts;

  GitSync(Seam seam, int attempts) {
    this.seam = seam;
    this.attempts = attempts;
  }

  SyncResult sync(String remote, CredentialsProvider credentials) {
    seam.requireWritable();
    String branch = seam.branch();
    String tracking = Constants.R_REMOTES + remote + "/" + branch;
    if (seam.repo().getConfig().getString("remote", remote, "url") == null) {
      throw new NotFoundException("no remote \"" + remote + "\"; add it with \"quire remote add " + remote + " URL\"");
    }
    RemoteMirror mirror = RemoteMirror.of(seam.repo());
    int merged = 0;
    int conflicts = 0;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      ObjectId before = mirror.resolve(tracking);
      ObjectId theirs = mirror.fetch(remote, credentials, remote, branch);
      refuseRewrite(mirror, remote, tracking, before, theirs);
      refuseOtherVersion(remote, theirs);
      ObjectId ours = seam.refresh();
      try (RevWalk rw = new RevWalk(seam.repo())) {
        if (theirs != null && ours != null && !rw.isMergedInto(rw.parseCommit(theirs), rw.parseCommit(ours))) {
          if (rw.isMergedInto(rw.parseCommit(ours), rw.parseCommit(theirs))) {
            seam.advance(ours, theirs);
            return new SyncResult(remote, theirs.name(), true, false, 0, 0);
          }
          int[] counts = new int[2];
          ours = merge(rw, ours, theirs, remote + "/" + branch, counts);
          merged += counts[0];
          conflicts += counts[1];
        } else if (theirs != null && ours == null) {
          seam.advance(null, theirs);
          return new SyncResult(remote, theirs.name(), true, false, 0, 0);
        }
      } catch (IOException e) {
        throw new StoreException("cannot merge " + remote + "/" + branch + ": " + e.getMessage(), e);
      }
      if (ours == null || ours.equals(theirs)) {
        return new SyncResult(remote, ours == null ? null : ours.name(), false, false, merged, conflicts);
      }
      refuseSecrets(ours, theirs);
      if (mirror.pushWithLease(remote, credentials, branch, ours, theirs)) {
        updateTracking(mirror, tracking, ours);
        return new SyncResult(remote, ours.name(), false, true, merged, conflicts);
      }
      // the remote moved since the fetch: fetch and merge again
    }
    throw new ConflictException("the remote branch of " + remote + " kept moving during " + attempts
        + " attempts; nothing local was lost, sync again");
  }

  /** Both sides must be at the same schema version: a merge across versions would mix two layouts. */
  private void refuseOtherVersion(String remote, ObjectId theirs) {
    if (theirs == null) {
      return;
    }
    int version;
    try (ObjectReader reader = seam.newReader()) {
      version = dev.quire.internal.engine.StoreVersion.ofData(reader, theirs, remote);
    }
    String mine = seam.layout().versionDir();
    if (version != 0 && version != seam.layout().version()) {
      throw new ConflictException(remote + " is at schema v" + version + " and this store at " + mine
          + "; nothing was merged: migrate the older one first (quire migrate in a clone of it), then sync");
    }
  }

  /**
   * Refuses to push when an object about to leave contains a secret value this device knows
   * (of the local secret store, or sealed and shared): an API key pasted into a rule, a password
   * committed by hand. Secrets never leave in a push in plaintext.
   */
  private void refuseSecrets(ObjectId ours, ObjectId theirs) {
    List<byte[]> secrets = seam.secretValues().known(seam.view(ours)).stream().filter(v -> v != null && v.length() >= 8)
        .map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
    if (secrets.isEmpty()) {
      return;
    }
    try (ObjectWalk walk = new ObjectWalk(seam.repo())) {
      walk.markStart(walk.parseCommit(ours));
      if (theirs != null) {
        walk.markUninteresting(walk.parseCommit(theirs));
      }
      while (walk.next() != null) {
        // commits: their messages are checked with the blobs below
      }
      for (RevObject o; (o = walk.nextObject()) != null; ) {
        if (o.getType() != Constants.OBJ_BLOB) {
          continue;
        }
        byte[] data = seam.repo().open(o).getCachedBytes(64 << 20);
        for (byte[] secret : secrets) {
          if (Validator.contains(data, secret)) {
            throw new StoreException("refusing to push: " + walk.getPathString() + " (in a commit not yet on the"
                + " remote) contains a secret value from the local secret store; remove it from the history"
                + " first (it never reached the remote)");
          }
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot read the commits to push: " + e.getMessage(), e);
    }
  }

  /**
   * A remote branch whose new head does not contain the head seen at the last sync was
   * rewritten (force-pushed). Merging it would take its deletions for edits, so nothing is
   * merged: the remote-tracking branch is put back and the sync stops with what to do.
   */
  private void refuseRewrite(RemoteMirror mirror, String remote, String tracking, ObjectId before, ObjectId after) {
    if (before == null || after == null || before.equals(after)) {
      return;
    }
    try (RevWalk rw = new RevWalk(seam.repo())) {
      if (rw.isMergedInto(rw.parseCommit(before), rw.parseCommit(after))) {
        return;
      }
    } catch (MissingObjectException e) {
      return; // the old head is gone locally: nothing to compare
    } catch (IOException e) {
      throw new StoreException("cannot compare " + tracking + " with what was fetched: " + e.getMessage(), e);
    }
    updateTracking(mirror, tracking, before);
    throw new ConflictException("the branch of " + remote + " was rewritten (force-pushed): its new head "
        + after.name().substring(0, 12) + " no longer contains " + before.name().substring(0, 12)
        + ", which this store synced with; nothing was merged or pushed and nothing local changed."
        + " Look at the new history (git log " + after.name().substring(0, 12) + "), then either push this store's"
        + " history back or start again from a fresh clone");
  }

  private ObjectId merge(RevWalk rw, ObjectId ours, ObjectId theirs, String name, int[] counts) throws IOException {
    RevCommit a = rw.parseCommit(ours);
    RevCommit b = rw.parseCommit(theirs);
    rw.reset();
    rw.setRevFilter(RevFilter.MERGE_BASE);
    rw.markStart(a);
    rw.markStart(b);
    RevCommit base = rw.next();
    SortedMap<String, TreeMerge.Versions> paths = new TreeMap<>();
    CommitView oursView = seam.view(a);
    try (ObjectReader reader = seam.newReader()) {
      CommitView vb = base == null ? null : seam.view(base);
      CommitView vt = seam.view(b);
      Set<String> changed = new TreeSet<>();
      for (TreeDiff.Change c : TreeDiff.ofCommits(reader, base, a)) {
        changed.add(c.path());
      }
      for (TreeDiff.Change c : TreeDiff.ofCommits(reader, base, b)) {
        changed.add(c.path());
      }
      for (String p : changed) {
        paths.put(p, new TreeMerge.Versions(bytes(reader, vb, p), bytes(reader, oursView, p), bytes(reader, vt, p)));
      }
    }
    TreeMerge.Outcome outcome = TreeMerge.merge(seam.layout(), seam.codec(), paths);
    MergeRepairs repairs = new MergeRepairs(seam.layout(), seam.codec());
    MergeRepairs.Side side = side(oursView);
    SortedMap<String, byte[]> changes = new TreeMap<>(outcome.changes()); // the repairs amend it
    int conflicts = outcome.conflicts() + repairs.repairUniques(side, changes)
        + repairs.recordDanglingReferences(side, changes);
    counts[0] = paths.size();
    counts[1] = conflicts;
    String message = "sync: merge " + name + " (" + paths.size() + " paths"
        + (conflicts > 0 ? ", " + conflicts + " conflicts recorded in " + TreeMerge.CONFLICTS : "") + ")\n";
    return seam.commitChanges(ours, List.of(theirs), oursView.tree(),
        java.util.Collections.<String, Object>unmodifiableMap(changes), message, () -> { });
  }

  /** The merged-into commit as the repairs read it: entity files decoded, unreadable ones left out. */
  private MergeRepairs.Side side(CommitView view) {
    return new MergeRepairs.Side() {
      @Override
      public SortedMap<String, Entity> entities(String folder) {
        SortedMap<String, Entity> out = new TreeMap<>();
        try (ObjectReader reader = seam.newReader()) {
          for (CommitView.Located l : view.walk(reader, folder, true)) {
            if (!view.isAttachment(l.path())) {
              try {
                out.put(l.path(), view.decode(reader, l.path(), l.blob()));
              } catch (StoreException e) {
                // an unreadable file takes part in no check
              }
            }
          }
        }
        return out;
      }

      @Override
      public boolean has(EntityType type, String id) {
        try (ObjectReader reader = seam.newReader()) {
          return view.locate(reader, type, id) != null;
        }
      }
    };
  }

  private byte[] bytes(ObjectReader reader, CommitView view, String path) {
    if (view == null) {
      return null;
    }
    ObjectId blob = view.blobAt(reader, path);
    return blob == null ? null : seam.bytes(reader, blob, Long.MAX_VALUE, path);
  }

  private static void updateTracking(RemoteMirror mirror, String tracking, ObjectId to) {
    try {
      mirror.forceRef(tracking, to);
    } catch (StoreException e) {
      // only the remote-tracking ref: the next fetch sets it
    }
  }
}
