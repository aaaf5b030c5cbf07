package dev.quire.internal.engine;

import dev.quire.StoreException;
import dev.quire.internal.git.PackInserter;
import dev.quire.internal.secrets.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;

/**
 * The store's check-up ({@code quire doctor}, {@code Store.check}): finds, and where asked
 * repairs, what a crash or a person can leave behind — stale lock files, temporary files of a
 * writer that died, an interrupted working-tree catch-up, damaged marker files, a damaged read
 * index, a working
 * tree or index behind the head, secret files others may read — and reports what needs a
 * person: damaged objects, secrets this device lacks, hand edits not committed. Runs under the
 * store's lock, so no Quire writer is in the middle of a commit meanwhile.
 */
public final class Doctor {
  /** One thing found: what it concerns, what it is, and whether it is repaired, a person's to fix, or only of note. */
  public record Finding(Status status, String subject, String message) {}

  public enum Status { REPAIRED, NEEDS_REPAIR, NEEDS_A_PERSON, NOTE }

  private final Engine engine;
  private final boolean repair;
  private final List<Finding> findings = new ArrayList<>();

  Doctor(Engine engine, boolean repair) {
    this.engine = engine;
    this.repair = repair;
  }

  List<Finding> run() {
    engine.requireWritable();
    String recovered = engine.workingTree == null ? null : engine.workingTree.recoveredCatchUp();
    if (recovered != null) {
      findings.add(new Finding(Status.REPAIRED, relative(engine.workingTree.pendingFile()), "a working-tree catch-up a"
          + " writer did not finish, " + recovered + ", was finished when the store opened"));
    }
    engine.lock.lock();
    try {
      Duration bound = engine.options.staleLockAfter();
      Path git = engine.repo.getDirectory().toPath();
      staleLock(engine.branch.lockFile(), bound, "a branch lock");
      for (String name : List.of("index.lock", "HEAD.lock", "config.lock", "packed-refs.lock")) {
        staleLock(git.resolve(name), bound, "a lock of C git's");
      }
      temporaryFiles(git);
      markers();
      readIndex();
      secrets();
      objects();
      workingTree();
    } finally {
      engine.lock.unlock();
    }
    return List.copyOf(findings);
  }

  private void fixed(boolean done, String subject, String message) {
    findings.add(new Finding(done ? Status.REPAIRED : Status.NEEDS_REPAIR, subject, message));
  }

  private String relative(Path p) {
    Path root = engine.repo.isBare() ? engine.repo.getDirectory().toPath() : engine.repo.getWorkTree().toPath();
    return p.startsWith(root) ? root.relativize(p).toString().replace('\\', '/') : p.toString();
  }

  private void staleLock(Path lock, Duration bound, String what) {
    Duration age = age(lock);
    if (age == null) {
      return;
    }
    if (age.compareTo(bound) < 0) {
      findings.add(new Finding(Status.NOTE, relative(lock), what + " written " + age.toMillis()
          + " ms ago: a program is using it, so it is left alone"));
      return;
    }
    fixed(repair && delete(lock), relative(lock), what + " written " + age.toSeconds() + " s ago that no running writer"
        + " holds (left by a process that stopped)" + (repair ? ": removed" : ": remove it"));
  }

  /** Temporary files of object writers that died: garbage once older than a minute (no writer holds the lock now). */
  private void temporaryFiles(Path git) {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> s = Files.walk(git.resolve("objects"), 2)) {
      s.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(PackInserter.TEMP_PREFIX)
            || n.startsWith("tmp_obj_") || n.startsWith("tmp_pack_") || n.startsWith("tmp_idx_"); // C git's
      }).filter(p -> age(p) != null && age(p).compareTo(Duration.ofMinutes(1)) > 0).forEach(found::add);
    } catch (IOException e) {
      throw new StoreException("cannot list " + git.resolve("objects") + ": " + e.getMessage(), e);
    }
    try (Stream<Path> s = Files.exists(engine.privateDir) ? Files.list(engine.privateDir) : Stream.empty()) {
      s.filter(p -> p.getFileName().toString().endsWith(".tmp")).filter(p -> age(p) != null
          && age(p).compareTo(Duration.ofMinutes(1)) > 0).forEach(found::add);
    } catch (IOException e) {
      throw new StoreException("cannot list " + engine.privateDir + ": " + e.getMessage(), e);
    }
    for (Path p : found) {
      fixed(repair && delete(p), relative(p), "a temporary file of a writer that stopped" + (repair ? ": removed" : ": remove it"));
    }
  }

  /** The working tree's markers hold a commit id each; anything else is rewritten by the catch-up. */
  private void markers() {
    if (engine.workingTree == null) {
      return;
    }
    for (Path marker : engine.workingTree.damagedMarkers()) {
      fixed(repair && delete(marker), relative(marker), "a damaged marker of the working tree"
          + (repair ? ": removed, and the working tree checked against the head" : ": remove it"));
    }
  }

  /** The read index is a cache: a file that cannot be used is removed, and rebuilt by the next read. */
  private void readIndex() {
    Path file = engine.readIndex.file();
    if (java.nio.file.Files.exists(file) && dev.quire.internal.index.IndexFile.load(file, engine.layout()) == null) {
      boolean done = false;
      if (repair) {
        engine.readIndex.drop();
        done = !java.nio.file.Files.exists(file);
      }
      fixed(done, relative(file), "a read index that is damaged or of another format" + (repair ? ": removed, the next"
          + " read rebuilds it from the commit" : ": remove it (it is a cache)"));
    }
  }

  private void secrets() {
    for (Path file : List.of(engine.secretValues.local().file(), engine.secretValues.keyFile())) {
      if (PrivateFiles.isExposed(file)) {
        boolean done = false;
        if (repair) {
          try {
            PrivateFiles.restrict(file);
            done = !PrivateFiles.isExposed(file);
          } catch (IOException e) {
            done = false;
          }
        }
        fixed(done, relative(file), "secret values others than its owner may read" + (repair ? ": made 0600" : ": chmod 600 it"));
      }
    }
    try {
      engine.secretValues.local().all();
    } catch (StoreException e) {
      findings.add(new Finding(Status.NEEDS_A_PERSON, relative(engine.secretValues.local().file()), e.getMessage()));
    }
    ObjectId head = engine.head();
    if (head != null) {
      for (SecretValues.Resolved r : engine.secretValues.missing(engine.view(head))) {
        findings.add(new Finding(Status.NOTE, r.ref(), r.problem()));
      }
    }
  }

  /** Reads every object the head reaches, in full: a damaged one is named with its path. */
  private void objects() {
    ObjectId head = engine.head();
    if (head == null) {
      return;
    }
    try (ObjectReader reader = engine.newReader(); ObjectWalk walk = new ObjectWalk(reader)) {
      walk.markStart(walk.parseCommit(head));
      for (RevCommit c; (c = walk.next()) != null; ) {
        // commits are parsed as the walk goes
      }
      for (RevObject o; (o = nextObject(walk)) != null; ) {
        if (o.getType() == Constants.OBJ_BLOB) {
          try {
            reader.open(o, Constants.OBJ_BLOB).copyTo(java.io.OutputStream.nullOutputStream());
          } catch (IOException e) {
            findings.add(new Finding(Status.NEEDS_A_PERSON, walk.getPathString(), "its object " + o.name()
                + " is damaged (" + e.getMessage() + "): fetch it again from a remote or clone, or restore the file"
                + " from an older revision"));
          }
        }
      }
    } catch (IOException e) {
      findings.add(new Finding(Status.NEEDS_A_PERSON, "history", "cannot walk the history from " + head.name() + ": "
          + e.getMessage() + "; see `git fsck`, and fetch the missing objects from a remote or clone"));
    }
  }

  private RevObject nextObject(ObjectWalk walk) {
    while (true) {
      try {
        return walk.nextObject();
      } catch (IOException e) {
        findings.add(new Finding(Status.NEEDS_A_PERSON, walk.getPathString() == null ? "a tree" : walk.getPathString(),
            "a damaged tree (" + e.getMessage() + "); see `git fsck`, and fetch it again from a remote or clone"));
        return null;
      }
    }
  }

  private void workingTree() {
    if (engine.workingTree == null) {
      return;
    }
    ObjectId head = engine.head();
    boolean behind = head != null && !head.equals(engine.workingTree.filesAt());
    if (behind) {
      if (repair) {
        engine.commits.flush();
      }
      fixed(repair, "working tree", "behind the head" + (repair ? ": brought up to date" : ": run `quire doctor` to bring it up to date"));
    }
    if (repair || !behind) {
      List<String> edits = new HandEdits(engine).status();
      if (!edits.isEmpty()) {
        findings.add(new Finding(Status.NOTE, "working tree", edits.size() + " file(s) edited by hand, not committed"
            + " (`quire commit` validates and commits them): " + String.join(", ", edits.subList(0, Math.min(5, edits.size())))
            + (edits.size() > 5 ? ", …" : "")));
      }
    }
  }

  private static Duration age(Path p) {
    try {
      return Duration.between(Files.getLastModifiedTime(p).toInstant(), Instant.now());
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean delete(Path p) {
    try {
      return Files.deleteIfExists(p) || !Files.exists(p);
    } catch (IOException e) {
      return false;
    }
  }
}
