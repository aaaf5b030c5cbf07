package dev.quire.internal.engine;

import dev.quire.ConflictException;
import dev.quire.internal.git.Folders;
import dev.quire.internal.git.ObjectIds;
import dev.quire.internal.git.TreeDiff;
import dev.quire.layout.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Keeps a repository's working tree and Git index in step with the branch, path by path.
 *
 * <p>Two markers in the private directory record which commit the files reflect
 * ({@code quire/worktree}) and which commit the index reflects ({@code quire/index}). Both
 * are brought forward together by {@link #catchUp} — on flush, on close, and while writing at
 * most once per interval — for the paths that changed since, so a burst of commits costs one
 * pass over the files it touched and one rewrite of Git's index (one file for the whole tree).
 *
 * <p>A file whose content is neither the old nor the new version is a hand edit: it is never
 * overwritten. A transaction that would write such a file fails and names it.
 */
public final class WorkingTree {
  private final Repository repo;
  private final Path root;
  private final Path filesMarker;
  private final Path indexMarker;
  private final PendingCatchUp pending;
  private final ObjectId headAtOpen;
  private final List<String> skipped = new ArrayList<>();
  private final java.util.Set<String> adopted = new java.util.HashSet<>();

  WorkingTree(Repository repo, Path privateDir, ObjectId headAtOpen) {
    this.repo = repo;
    this.root = repo.getWorkTree().toPath();
    this.filesMarker = privateDir.resolve("worktree");
    this.pending = new PendingCatchUp(privateDir.resolve("worktree.pending"));
    this.indexMarker = privateDir.resolve("index");
    this.headAtOpen = headAtOpen;
  }

  public Path root() {
    return root;
  }

  /** The catch-up (from, to) a writer did not finish that this process finished, or null. */
  private volatile ObjectId[] recovered;

  /** What {@link #recoverInterrupted} found left by a writer that died: a catch-up's journal and its commits, or null. */
  public String recoveredCatchUp() {
    ObjectId[] r = recovered;
    return r == null ? null : pending.file() + " (from " + r[0].name() + " to " + r[1].name() + ")";
  }

  /** The journal of catch-ups, {@code .git/quire/worktree.pending}. */
  Path pendingFile() {
    return pending.file();
  }

  /** The marker files that do not hold a commit id (damaged: the catch-up rewrites them once removed). */
  List<Path> damagedMarkers() {
    List<Path> out = new ArrayList<>();
    for (Path marker : List.of(filesMarker, indexMarker)) {
      try {
        if (Files.exists(marker) && !ObjectId.isId(Files.readString(marker, StandardCharsets.ISO_8859_1).strip())) {
          out.add(marker);
        }
      } catch (IOException e) {
        out.add(marker);
      }
    }
    return out;
  }

  /** Files left alone because they were edited by hand (for messages and tests). */
  public synchronized List<String> skipped() {
    return List.copyOf(skipped);
  }

  /**
   * The commit the files reflect, from the marker every process of this repository updates
   * (under the repository lock) when it catches up.
   */
  public ObjectId filesAt() {
    return marker(filesMarker);
  }

  /** Brings the files and then Git's index forward to {@code to}. */
  public void catchUp(ObjectReader reader, ObjectId to) {
    syncFiles(reader, to);
    syncIndex(reader, to);
  }

  /** Brings the files forward to {@code to} (a commit), leaving hand edits alone. */
  public void syncFiles(ObjectReader reader, ObjectId to) {
    ObjectId from = filesAt();
    recoverInterrupted(reader, from);
    if (to == null || to.equals(from)) {
      return;
    }
    List<TreeDiff.Change> changes = TreeDiff.ofCommits(reader, from, to);
    pending.begin(from, to);
    List<TreeDiff.Change> writes = new ArrayList<>();
    for (TreeDiff.Change c : changes) {
      if (c.newBlob() == null || changes.size() < PARALLEL_FROM) {
        apply(reader, c.path(), c.oldBlob(), c.newBlob(), adopted.remove(c.path()));
      } else {
        writes.add(c);
      }
    }
    if (!writes.isEmpty()) {
      writeInParallel(reader, writes);
    }
    adopted.clear();
    setMarker(filesMarker, to);
    pending.end();
  }

  /**
   * Finishes what a catch-up from {@code from} that was interrupted (its writer died) left
   * behind: a file it had deleted and not yet written again, or had written only in part (an
   * empty file, or the start of the new content), is put back as it was at {@code from}, so
   * that the catch-up that follows writes it like any other instead of taking it for a hand
   * edit. A file with any other content is a person's and is left alone.
   */
  private void recoverInterrupted(ObjectReader reader, ObjectId from) {
    ObjectId[] interrupted = pending.read();
    if (interrupted == null) {
      return;
    }
    recovered = interrupted;
    if (java.util.Objects.equals(interrupted[0], from)) {
      for (TreeDiff.Change c : TreeDiff.ofCommits(reader, from, interrupted[1])) {
        if (c.newBlob() == null) {
          continue; // deleting is atomic: the file is either there as it was, or gone
        }
        byte[] current = read(c.path());
        if (same(current, c.oldBlob()) || same(current, c.newBlob())) {
          continue;
        }
        byte[] wanted = blobBytes(reader, c.newBlob());
        boolean cut = current == null || (current.length < wanted.length
            && java.util.Arrays.equals(current, 0, current.length, wanted, 0, current.length));
        if (cut) {
          apply(reader, c.path(), null, c.oldBlob(), true);
        }
      }
    }
    pending.end();
  }

  private static byte[] blobBytes(ObjectReader reader, ObjectId blob) {
    try {
      return reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot read blob " + blob.name() + ": " + e.getMessage(), e);
    }
  }

  /** From this many changed files on, new contents are written by several threads. */
  private static final int PARALLEL_FROM = 256;

  /**
   * Writes many files (after the deletions, so that no folder is pruned under a writer) on a
   * few threads, each with its own object reader: creating files is mostly waiting for the
   * file system, and it overlaps.
   */
  private void writeInParallel(ObjectReader reader, List<TreeDiff.Change> writes) {
    int threads = Integer.getInteger("quire.threads", 4);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "quire-checkout");
      t.setDaemon(true);
      return t;
    });
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          try (ObjectReader own = reader.newReader()) {
            for (int i = first; i < writes.size(); i += threads) {
              TreeDiff.Change c = writes.get(i);
              boolean adoptedPath;
              synchronized (adopted) {
                adoptedPath = adopted.remove(c.path());
              }
              apply(own, c.path(), c.oldBlob(), c.newBlob(), adoptedPath);
            }
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.quire.StoreException("interrupted while writing the files of " + root + "; they are written at the next flush");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Paths whose working-tree content was just committed: overwritten at the next catch-up. */
  public void adopt(Collection<String> paths) {
    adopted.addAll(paths);
  }

  private ObjectId treeOf(ObjectReader reader, ObjectId commit) {
    try (RevWalk rw = new RevWalk(reader)) {
      return rw.parseCommit(commit).getTree().copy();
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot read commit " + commit.name() + ": " + e.getMessage(), e);
    }
  }

  private static ObjectId blobAt(ObjectReader reader, ObjectId tree, String path) {
    if (tree == null) {
      return null;
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, path, tree)) {
      return walk == null || walk.getFileMode(0) == FileMode.TREE ? null : walk.getObjectId(0);
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fails, naming the first of the paths to be written whose file has uncommitted hand edits:
   * content that is neither the version the files were caught up to nor the head's.
   */
  public void checkClean(ObjectReader reader, Map<String, ObjectId> headBlobs, Collection<String> adopted) {
    ObjectId base = filesAt();
    ObjectId baseTree = null;
    // A new file in a folder that does not exist cannot be there: one look per folder.
    List<Map.Entry<String, ObjectId>> toRead = new ArrayList<>();
    Map<String, Boolean> folderExists = new HashMap<>();
    String lastPath = null;
    boolean lastExists = false;
    for (Map.Entry<String, ObjectId> e : headBlobs.entrySet()) {
      String path = e.getKey();
      if (adopted.contains(path)) {
        continue;
      }
      if (e.getValue() == null) {
        if (!Folders.same(path, lastPath)) {
          lastExists = folderExists.computeIfAbsent(Folders.of(path), f -> f.isEmpty() || Files.isDirectory(Layout.resolve(root, f)));
          lastPath = path;
        }
        if (!lastExists) {
          continue;
        }
      }
      toRead.add(e);
    }
    // Files that differ from the head: read on several threads when there are many.
    var stream = toRead.stream();
    List<Map.Entry<String, ObjectId>> differing = (toRead.size() >= PARALLEL_FROM ? stream.parallel() : stream)
        .filter(e -> !same(read(e.getKey()), e.getValue()))
        .toList();
    for (Map.Entry<String, ObjectId> e : differing) {
      byte[] current = read(e.getKey());
      if (base != null && baseTree == null) {
        baseTree = treeOf(reader, base);
      }
      if (!same(current, blobAt(reader, baseTree, e.getKey()))) {
        throw new ConflictException(e.getKey() + " has changes that are not committed (edited by"
            + " hand?); commit them with \"quire commit\" or drop them with \"git checkout -- "
            + e.getKey() + "\", then try again");
      }
    }
  }

  /** Brings Git's index forward to {@code to}, so that {@code git status} is clean. */
  public void syncIndex(ObjectReader reader, ObjectId to) {
    ObjectId from = marker(indexMarker);
    if (to == null || to.equals(from)) {
      return;
    }
    List<TreeDiff.Change> changes = TreeDiff.ofCommits(reader, from, to);
    try {
      DirCache dc = repo.lockDirCache();
      try {
        DirCacheEditor editor = dc.editor();
        for (TreeDiff.Change c : changes) {
          if (c.newBlob() == null) {
            editor.add(new DirCacheEditor.DeletePath(c.path()));
            continue;
          }
          Path file = Layout.resolve(root, c.path());
          BasicFileAttributes attrs = attributes(file);
          byte[] current = attrs == null ? null : read(c.path());
          boolean clean = same(current, c.newBlob());
          editor.add(new DirCacheEditor.PathEdit(c.path()) {
            @Override
            public void apply(DirCacheEntry ent) {
              ent.setFileMode(FileMode.REGULAR_FILE);
              ent.setObjectId(c.newBlob());
              if (clean) {
                ent.setLength(attrs.size());
                ent.setLastModified(attrs.lastModifiedTime().toInstant());
              } else {
                ent.setLength(0); // differs from the file: git will look at the content
              }
            }
          });
        }
        editor.finish();
        dc.write();
        if (!dc.commit()) {
          throw new IOException("cannot commit the index lock");
        }
      } finally {
        dc.unlock();
      }
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot update the index of " + root + ": " + e.getMessage(), e);
    }
    setMarker(indexMarker, to);
  }

  /** Writes or deletes one file unless it holds a hand edit. */
  private void apply(ObjectReader reader, String path, ObjectId oldBlob, ObjectId newBlob, boolean adopted) {
    byte[] current = read(path);
    if (same(current, newBlob)) {
      return;
    }
    if (!adopted && !same(current, oldBlob)) {
      synchronized (this) {
        skipped.add(path);
      }
      return;
    }
    Path file = Layout.resolve(root, path);
    try {
      if (newBlob == null) {
        Files.deleteIfExists(file);
        pruneEmptyParents(file.getParent());
      } else {
        // Like git checkout: unlink, then create. Replacing a file by rename makes ext4 flush
        // it at once, which costs more than the rest of a commit.
        Files.createDirectories(file.getParent());
        byte[] bytes = reader.open(newBlob, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        Files.deleteIfExists(file);
        try {
          Files.write(file, bytes, java.nio.file.StandardOpenOption.CREATE_NEW,
              java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException e) {
          Files.deleteIfExists(file); // never a half-written file (a full disk): the pending catch-up restores it
          throw e;
        }
      }
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void pruneEmptyParents(Path dir) throws IOException {
    while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          return;
        }
      } catch (NoSuchFileException e) {
        // already gone
      }
      Files.deleteIfExists(dir);
      dir = dir.getParent();
    }
  }

  /** The commit a marker names; without a marker, the head the store found when it opened. */
  private ObjectId marker(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return text.isEmpty() ? null : ObjectId.fromString(text);
    } catch (NoSuchFileException e) {
      return headAtOpen;
    } catch (IOException | IllegalArgumentException e) {
      return headAtOpen;
    }
  }

  private static void setMarker(Path file, ObjectId commit) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, commit.name() + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The current bytes of a working-tree file, or null when it does not exist. */
  public byte[] read(String path) {
    Path file = Layout.resolve(root, path);
    if (Files.notExists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return null; // cheaper than the exception, and most files of a big write are new
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      if (Files.isDirectory(Layout.resolve(root, path))) {
        return new byte[0];
      }
      throw new dev.quire.StoreException("cannot read " + Layout.resolve(root, path) + ": " + e.getMessage(), e);
    }
  }

  private boolean same(byte[] content, ObjectId blob) {
    if (content == null || blob == null) {
      return content == null && blob == null;
    }
    return ObjectIds.id(Constants.OBJ_BLOB, content, 0, content.length).equals(blob);
  }

  private static BasicFileAttributes attributes(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }
}
