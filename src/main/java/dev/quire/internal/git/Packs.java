package dev.quire.internal.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.Repository;

/**
 * Keeps the number of packs small while every commit writes one: a geometric policy (as
 * {@code git repack --geometric=2}) merges the smallest packs whenever they stop forming a
 * progression in which each pack is at least twice the size of the one below it, once 16
 * packs break it. So a store of N bytes of packs has at most about log2(N / smallest) + 16
 * packs, and each object is copied fewer than log2 times over its life; lookups stay fast
 * after 100,000 commits. Packs C git treats specially ({@code .keep}, {@code .promisor}, cruft
 * packs with {@code .mtimes}, packs with a {@code .bitmap}) are never touched. One process
 * merges at a time, under an operating-system lock on {@code quire/pack-merge-lock}; the store's
 * own lock is not needed, because packs never change and a merged pack is visible before the
 * packs it replaces are removed.
 */
public final class Packs {
  /** How much bigger than the sum of all smaller ones a pack must be to be left alone. */
  static final int FACTOR = 2;

  /** How many packs the progression must have broken before they are merged. */
  static final int BATCH = 16;

  /** From this many packs on, they are merged whatever the batch (C git's gc.autoPackLimit). */
  static final int MAX_PACKS = 50;

  private Packs() {}

  /** What a consolidation did: how many packs it merged into one, and how many packs there are now. */
  public record Merged(int merged, int packsAfter, long bytesCopied) {}

  /**
   * Merges the packs the policy selects, if any, and returns what it did (null when another
   * process was merging, or there was nothing to merge).
   *
   * @throws IOException when the pack folder cannot be read or a merge fails (nothing is lost:
   *     the packs it would have replaced stay)
   */
  public static Merged consolidate(Repository repo, Path privateDir, boolean fsync) throws IOException {
    Path lockFile = privateDir.resolve("pack-merge-lock");
    Files.createDirectories(privateDir);
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        return null;
      }
      Path packDir = ((FileRepository) repo).getObjectsDirectory().toPath().resolve("pack");
      List<PackMerge.Pack> candidates = candidates(packDir);
      List<PackMerge.Pack> chosen = select(candidates);
      if (chosen.size() < 2) {
        return null;
      }
      long bytes = chosen.stream().mapToLong(PackMerge.Pack::size).sum();
      PackMerge.merge(repo, chosen, fsync);
      if (repo.getObjectDatabase() instanceof ObjectDirectory od) {
        od.getPacks(); // the folder changed: JGit lets go of the removed packs
      }
      return new Merged(chosen.size(), candidates.size() - chosen.size() + 1, bytes);
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return null; // this JVM is merging already
    }
  }

  /** The packs that may be merged, smallest first. */
  static List<PackMerge.Pack> candidates(Path packDir) throws IOException {
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(packDir, "pack-*")) {
      for (Path f : files) {
        names.add(f.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<PackMerge.Pack> out = new ArrayList<>();
    for (String name : names) {
      if (!name.endsWith(".pack")) {
        continue;
      }
      String base = name.substring(0, name.length() - ".pack".length());
      if (!names.contains(base + ".idx") || names.contains(base + ".keep") || names.contains(base + ".promisor")
          || names.contains(base + ".mtimes") || names.contains(base + ".bitmap")) {
        continue;
      }
      try {
        out.add(new PackMerge.Pack(packDir.resolve(base), Files.size(packDir.resolve(name))));
      } catch (NoSuchFileException e) {
        // removed meanwhile (git gc)
      }
    }
    out.sort(Comparator.comparingLong(PackMerge.Pack::size));
    return out;
  }

  /**
   * The packs to merge now: those {@link #geometric} rolls up, once they are at least
   * {@link #BATCH} packs or the store holds {@link #MAX_PACKS}. Merging the moment two small
   * packs are alike made the background thread create and delete files in {@code objects/pack}
   * after nearly every commit, and the commit's own lookups and renames there waited for the
   * folder's lock (ext4's per-folder lock, seen with perf as statx and rename blocked in
   * {@code walk_component} and {@code lock_two_directories}); waiting for a batch merges about
   * a sixteenth as often and copies each object fewer times, for at most {@code BATCH} more
   * small packs to look in.
   */
  static List<PackMerge.Pack> select(List<PackMerge.Pack> bySize) {
    List<PackMerge.Pack> chosen = geometric(bySize);
    return chosen.size() >= BATCH || bySize.size() >= MAX_PACKS ? chosen : List.of();
  }

  /**
   * The packs that break the progression: from the biggest down, the packs that are each at least
   * {@link #FACTOR} times the next smaller one are left; the rest is rolled up, together with
   * any bigger pack that is smaller than {@link #FACTOR} times the rolled-up size.
   */
  static List<PackMerge.Pack> geometric(List<PackMerge.Pack> bySize) {
    int n = bySize.size();
    int split = -1; // the biggest index that must be rolled up
    for (int i = n - 1; i > 0; i--) {
      if (bySize.get(i).size() < FACTOR * bySize.get(i - 1).size()) {
        split = i;
        break;
      }
    }
    if (split < 0) {
      return List.of();
    }
    long rolled = 0;
    for (int i = 0; i <= split; i++) {
      rolled += bySize.get(i).size();
    }
    while (split + 1 < n && bySize.get(split + 1).size() < FACTOR * rolled) {
      split++;
      rolled += bySize.get(split).size();
    }
    return List.copyOf(bySize.subList(0, split + 1));
  }
}
