package dev.quire.serve;

import dev.quire.StoreException;
import dev.quire.internal.engine.Seam;
import dev.quire.layout.Layout;
import dev.quire.layout.Problem;
import dev.quire.schema.CheckedRevision;
import dev.quire.schema.Validator;
import dev.quire.store.RevisionFiles;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * A push, taken by the store's own rules: only the store's branch, only forward; the pushed
 * commit's files are validated as {@code quire validate --rev} would (schemas, places and ids,
 * constraints, dangling references, plaintext secrets) and refused with the first problem the
 * client shows; then the branch moves through the store ({@code Seam.advance}): under its
 * lock, by compare-and-swap, with its events and working-tree catch-up. A push racing a local
 * commit is refused as "the store moved" and nothing is lost on either side. JGit's own ref
 * update is skipped (the command is answered here).
 */
final class StorePush implements PreReceiveHook {
  private final Seam seam;

  StorePush(Seam seam) {
    this.seam = seam;
  }

  @Override
  public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
    String branch = Constants.R_HEADS + seam.branch();
    for (ReceiveCommand cmd : commands) {
      if (cmd.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED) {
        continue; // refused already (not a fast-forward, say)
      }
      if (!cmd.getRefName().equals(branch)) {
        cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "this server takes pushes to " + branch + " only");
        continue;
      }
      if (cmd.getType() == ReceiveCommand.Type.DELETE) {
        cmd.setResult(ReceiveCommand.Result.REJECTED_NODELETE, "the store's branch cannot be deleted");
        continue;
      }
      String refused = validate(rp, cmd.getOldId(), cmd.getNewId());
      if (refused != null) {
        cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, refused);
        continue;
      }
      try {
        seam.advance(cmd.getOldId().equals(ObjectId.zeroId()) ? null : cmd.getOldId(), cmd.getNewId());
        cmd.setResult(ReceiveCommand.Result.OK);
      } catch (dev.quire.ConflictException e) {
        cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "the store moved meanwhile; fetch and push again");
      } catch (StoreException e) {
        cmd.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, e.getMessage());
      }
    }
  }

  /**
   * The first error the pushed commit brings (and how many), or null when it brings none: the
   * problems of its files that the store's head does not have already (a store with old
   * problems still takes pushes that add none; compared by file and message, not line). The
   * commit is checked as the changes from the head, whose check is kept from the push or the
   * start-up that made it ({@link Validator#validate(CheckedRevision, Map, java.util.function.Function)}):
   * a push of a few files to a big store reads and checks those few. Pushes are checked one at
   * a time.
   */
  private synchronized String validate(ReceivePack rp, ObjectId oldId, ObjectId newId) {
    try (ObjectReader reader = rp.getRepository().newObjectReader()) {
      int version = seam.layout().version();
      Validator validator = validator(version);
      CheckedRevision before = oldId.equals(ObjectId.zeroId()) ? null : checked(validator, reader, oldId);
      Map<String, ObjectId> changes = before == null ? RevisionFiles.ids(reader, newId)
          : RevisionFiles.changes(reader, oldId, newId);
      CheckedRevision after = check(validator, reader, before, changes, newId);
      if (Layout.versionAmong(after.paths().stream().map(f -> f.substring(0, f.indexOf('/'))).distinct().toList(),
          newId.name()) != version) {
        return "the pushed commit is not a v" + version + " store; migrate with quire, not by push";
      }
      java.util.Set<String> old = new java.util.HashSet<>();
      if (before != null) {
        before.problems().forEach(p -> old.add(p.path() + '\n' + p.message()));
      }
      List<Problem> errors = after.problems().stream().filter(p -> !p.warning())
          .filter(p -> !old.contains(p.path() + '\n' + p.message())).toList();
      if (errors.isEmpty()) {
        return null;
      }
      return errors.get(0) + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more; quire validate --rev "
          + newId.name().substring(0, 12) + ")" : "");
    } catch (IOException | StoreException e) {
      return "cannot read the pushed commit: " + e.getMessage();
    }
  }

  /**
   * Checks the store's head ahead of the first push (on a thread of its own when the server
   * starts), so that the first push finds it checked already.
   */
  synchronized void warm() {
    ObjectId head = seam.refresh();
    if (head == null) {
      return;
    }
    try (ObjectReader reader = seam.repo().newObjectReader()) {
      checked(validator(seam.layout().version()), reader, head);
    } catch (IOException | StoreException e) {
      // the first push checks it then, and says what is wrong
    }
  }

  /** A commit's check: kept from before, or made from all its files. */
  private CheckedRevision checked(Validator validator, ObjectReader reader, ObjectId commit) throws IOException {
    CheckedRevision c = revisions.get(commit);
    return c != null ? c : check(validator, reader, null, RevisionFiles.ids(reader, commit), commit);
  }

  private CheckedRevision check(Validator validator, ObjectReader reader, CheckedRevision base, Map<String, ObjectId> changes,
      ObjectId commit) {
    Map<String, String> ids = new HashMap<>();
    changes.forEach((path, blob) -> ids.put(path, blob == null ? null : blob.name()));
    CheckedRevision c = validator.validate(base, ids, path -> read(reader,
        changes.get(path) != null ? changes.get(path) : ObjectId.fromString(base.contentId(path)), path));
    revisions.put(commit.copy(), c);
    return c;
  }

  private Validator validator(int version) {
    if (validator == null || validatorVersion != version) {
      validator = new Validator(version);
      validatorVersion = version;
      revisions.clear();
    }
    return validator;
  }

  private byte[] read(ObjectReader reader, ObjectId blob, String path) {
    return seam.bytes(reader, blob, dev.quire.codec.CodecLimits.DEFAULT.maxFileBytes(), path);
  }

  /** The checks of the last few commits pushed or served (the head among them), newest last. */
  private final Map<ObjectId, CheckedRevision> revisions = new java.util.LinkedHashMap<>(8, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<ObjectId, CheckedRevision> eldest) {
      return size() > 4;
    }
  };
  private Validator validator;
  private int validatorVersion;
}
