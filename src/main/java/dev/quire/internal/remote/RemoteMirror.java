package dev.quire.internal.remote;

import dev.quire.RemoteException;
import dev.quire.StoreException;
import dev.quire.internal.git.CommitObject;
import dev.quire.internal.git.ObjectCache;
import dev.quire.internal.git.Repositories;
import dev.quire.internal.git.TreeUpdater;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A local copy of a remote's branches, read as blobs at a pinned commit and never checked out:
 * fetch (the commit it brought is what the caller reads and reports), push with a lease (the
 * remote branch must still be the commit fetched), and private refs set by force. Either the
 * store's own repository ({@link #of}: Git sync keeps {@code refs/remotes/<name>/*} there) or
 * a private bare repository under {@code .git/quire/} ({@link #privateAt}: LiteChat sync
 * repositories, marketplace sources). Transport failures are {@link RemoteException}s.
 */
public final class RemoteMirror implements AutoCloseable {
  private final Repository repo;
  private final boolean owned;

  private RemoteMirror(Repository repo, boolean owned) {
    this.repo = repo;
    this.owned = owned;
  }

  /** HTTP(S) credentials for the transports, or null when there are none (either part may be missing). */
  public static CredentialsProvider credentials(String user, String password) {
    return user == null && password == null ? null
        : new UsernamePasswordCredentialsProvider(user == null ? "" : user, password == null ? "" : password);
  }

  /** The store's own repository as the mirror (not closed by {@link #close()}). */
  public static RemoteMirror of(Repository repo) {
    return new RemoteMirror(repo, false);
  }

  /** A private bare mirror at {@code gitDir}, created when missing. */
  public static RemoteMirror privateAt(Path gitDir) {
    return new RemoteMirror(Repositories.bare(gitDir), true);
  }

  public Repository repository() {
    return repo;
  }

  /**
   * Fetches every branch of {@code remote} (a configured remote's name, or a URL) into
   * {@code refs/remotes/<tracking>/*} and returns the commit {@code branch} is at now, or null
   * when the remote has no such branch: the pinned commit to read.
   */
  public ObjectId fetch(String remote, CredentialsProvider credentials, String tracking, String branch) {
    try (Git git = new Git(repo)) {
      git.fetch().setRemote(remote).setCredentialsProvider(credentials)
          .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_REMOTES + tracking + "/*")).call();
    } catch (TransportException e) {
      throw new RemoteException("cannot fetch from " + describe(remote) + ": " + e.getMessage()
          + "; nothing was changed", e);
    } catch (InvalidRemoteException e) {
      throw new RemoteException("cannot fetch from " + describe(remote) + ": there is no Git repository there;"
          + " check the URL (quire remote list); nothing was changed", e);
    } catch (GitAPIException e) {
      throw new RemoteException("cannot fetch from " + describe(remote) + ": " + e.getMessage(), e);
    }
    return resolve(Constants.R_REMOTES + tracking + "/" + branch);
  }

  /**
   * Fetches {@code refSpecs} from {@code remote} (a URL), {@code depth} commits deep (0: the
   * whole history) when the server can send a shallow pack, else whole: a marketplace
   * source's branches and version tags into a private mirror.
   */
  public void fetch(String remote, CredentialsProvider credentials, int depth, List<String> refSpecs) {
    try {
      fetchOnce(remote, credentials, depth, refSpecs);
    } catch (TransportException e) {
      if (depth <= 0) {
        throw new RemoteException("cannot fetch from " + describe(remote) + ": " + e.getMessage() + "; nothing was changed", e);
      }
      try { // a server (or transport) without shallow support: fetch whole
        fetchOnce(remote, credentials, 0, refSpecs);
      } catch (GitAPIException again) {
        throw new RemoteException("cannot fetch from " + describe(remote) + ": " + again.getMessage() + "; nothing was changed", again);
      }
    } catch (InvalidRemoteException e) {
      throw new RemoteException("cannot fetch from " + describe(remote) + ": there is no Git repository there;"
          + " check the URL; nothing was changed", e);
    } catch (GitAPIException e) {
      throw new RemoteException("cannot fetch from " + describe(remote) + ": " + e.getMessage(), e);
    }
  }

  private void fetchOnce(String remote, CredentialsProvider credentials, int depth, List<String> refSpecs)
      throws GitAPIException {
    try (Git git = new Git(repo)) {
      org.eclipse.jgit.api.FetchCommand fetch = git.fetch().setRemote(remote).setCredentialsProvider(credentials)
          .setRemoveDeletedRefs(true).setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS)
          .setRefSpecs(refSpecs.stream().map(RefSpec::new).toList());
      if (depth > 0) {
        fetch.setDepth(depth);
      }
      fetch.call();
    }
  }

  /**
   * Pushes {@code commit} to {@code branch} of {@code remote} (a name or a URL) if the remote
   * branch is still {@code expected} (null: absent); false when it moved meanwhile.
   *
   * @throws RemoteException when the remote refused the push or could not be reached
   */
  public boolean pushWithLease(String remote, CredentialsProvider credentials, String branch, ObjectId commit,
      ObjectId expected) {
    String ref = Constants.R_HEADS + branch;
    try (Transport transport = Transport.open(repo, remote)) {
      transport.setCredentialsProvider(credentials);
      RemoteRefUpdate update = new RemoteRefUpdate(repo, commit.name(), ref, false, null,
          expected == null ? ObjectId.zeroId() : expected);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      RemoteRefUpdate.Status status = result.getRemoteUpdate(ref).getStatus();
      return switch (status) {
        case OK, UP_TO_DATE -> true;
        case REJECTED_REMOTE_CHANGED, REJECTED_NONFASTFORWARD -> false;
        default -> throw new RemoteException("push to " + remote + " refused (" + status + ")"
            + (result.getRemoteUpdate(ref).getMessage() == null ? "" : ": " + result.getRemoteUpdate(ref).getMessage())
            + "; the local store keeps everything, sync again", null);
      };
    } catch (org.eclipse.jgit.errors.TransportException e) {
      throw new RemoteException("cannot push to " + remote + ": " + e.getMessage() + "; the local store keeps"
          + " everything, sync again", e);
    } catch (IOException | URISyntaxException e) {
      throw new RemoteException("cannot push to " + remote + ": " + e.getMessage(), e);
    }
  }

  /** A remote as messages name it: its name and, when configured, its URL. */
  private String describe(String remote) {
    String url = repo.getConfig().getString("remote", remote, "url");
    return url == null || url.equals(remote) ? remote : remote + " (" + url + ")";
  }

  /** Sets a private ref, whatever it pointed at. */
  public void forceRef(String ref, ObjectId to) {
    try {
      RefUpdate u = repo.updateRef(ref);
      u.setNewObjectId(to);
      u.setForceUpdate(true);
      u.update();
    } catch (IOException e) {
      throw new StoreException("cannot set " + ref + " in " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
  }

  /** The commit a ref points at, or null. */
  public ObjectId resolve(String ref) {
    try {
      return repo.resolve(ref);
    } catch (IOException e) {
      throw new StoreException("cannot read " + ref + " in " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
  }

  /** The bytes of the file at {@code path} of {@code commit}, or null when it has none. */
  public byte[] read(ObjectId commit, String path) {
    try (RevWalk rw = new RevWalk(repo);
        TreeWalk walk = TreeWalk.forPath(repo, path, rw.parseCommit(commit).getTree())) {
      return walk == null ? null : repo.open(walk.getObjectId(0)).getCachedBytes(Integer.MAX_VALUE);
    } catch (MissingObjectException e) {
      return null;
    } catch (IOException e) {
      throw new StoreException("cannot read " + path + " at " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  /** The paths of the files of {@code commit} that {@code keep} accepts. */
  public List<String> files(ObjectId commit, Predicate<String> keep) {
    List<String> out = new ArrayList<>();
    try (RevWalk rw = new RevWalk(repo); TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(rw.parseCommit(commit).getTree());
      walk.setRecursive(true);
      while (walk.next()) {
        if (keep.test(walk.getPathString())) {
          out.add(walk.getPathString());
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot list the files of " + commit.name() + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** A commit on {@code parent} (null: a first commit) that sets one file. */
  public ObjectId commitFile(ObjectId parent, String path, byte[] content, PersonIdent who, String message) {
    return commitFiles(parent, Map.of(path, content), who, message);
  }

  /** A commit on {@code parent} (null: a first commit) that sets files ({@code null} content: removes the file). */
  public ObjectId commitFiles(ObjectId parent, Map<String, byte[]> files, PersonIdent who, String message) {
    try (ObjectInserter inserter = repo.newObjectInserter(); ObjectReader reader = repo.newObjectReader();
        RevWalk rw = new RevWalk(reader)) {
      ObjectId tree = parent == null ? null : rw.parseCommit(parent).getTree();
      Map<String, ObjectId> changes = new java.util.TreeMap<>();
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        changes.put(f.getKey(), f.getValue() == null ? null : inserter.insert(Constants.OBJ_BLOB, f.getValue()));
      }
      ObjectId newTree = TreeUpdater.apply(reader, inserter, tree, changes, new ObjectCache(4L << 20));
      ObjectId commit = inserter.insert(CommitObject.of(newTree, parent == null ? List.of() : List.of(parent), who,
          message));
      inserter.flush();
      return commit;
    } catch (IOException e) {
      throw new StoreException("cannot write to " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (owned) {
      repo.close();
    }
  }
}
