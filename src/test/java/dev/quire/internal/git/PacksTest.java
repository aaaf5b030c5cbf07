package dev.quire.internal.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.testing.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging packs (whole objects and C git's offset deltas) and the geometric policy that picks them. */
class PacksTest {
  @TempDir Path dir;

  private static PackMerge.Pack pack(long size) {
    return new PackMerge.Pack(Path.of("pack-" + size), size);
  }

  private static List<Long> sizes(List<PackMerge.Pack> packs) {
    return packs.stream().map(PackMerge.Pack::size).collect(Collectors.toList());
  }

  @Test
  void theProgressionIsLeftAloneAndWhatBreaksItIsRolledUp() {
    assertEquals(List.of(), Packs.geometric(List.of()));
    assertEquals(List.of(), Packs.geometric(List.of(pack(5))));
    assertEquals(List.of(), Packs.geometric(List.of(pack(5), pack(10), pack(100_000_000))), "each at least twice the one below");
    assertEquals(List.of(5L, 5L), sizes(Packs.geometric(List.of(pack(5), pack(5), pack(100_000_000)))),
        "two equal small packs break it; the big import pack stays");
    assertEquals(List.of(5L, 5L, 10L), sizes(Packs.geometric(List.of(pack(5), pack(5), pack(10), pack(1000)))),
        "a bigger pack smaller than twice the rolled-up size joins");
    assertEquals(List.of(5L, 10L, 20L, 40L, 60L), sizes(Packs.geometric(List.of(pack(5), pack(10), pack(20), pack(40), pack(60)))));
  }

  @Test
  void packsAreMergedInBatchesOfSixteenOrWhenTheyAreFifty() {
    List<PackMerge.Pack> packs = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      packs.add(pack(5));
    }
    packs.add(pack(100_000_000));
    assertEquals(List.of(), Packs.select(packs), "15 small packs wait for a 16th");
    packs.add(0, pack(5));
    assertEquals(16, Packs.select(packs).size(), "16 small packs merge; the big one stays");
    List<PackMerge.Pack> many = new ArrayList<>();
    many.add(pack(1));
    many.add(pack(1));
    for (int i = 2; i < 50; i++) {
      many.add(pack(1L << i)); // a progression above the two equal packs
    }
    assertEquals(2, Packs.geometric(many).size());
    assertEquals(2, Packs.select(many).size(), "fifty packs are merged even below a batch");
  }

  @Test
  void aThousandCommitsOfOnePackEachEndInAFewPacks() {
    List<PackMerge.Pack> packs = new ArrayList<>();
    long copied = 0;
    for (int commit = 0; commit < 1000; commit++) {
      packs.add(pack(5_000));
      packs.sort(java.util.Comparator.comparingLong(PackMerge.Pack::size));
      List<PackMerge.Pack> chosen = Packs.select(packs);
      if (chosen.size() >= 2) {
        long merged = chosen.stream().mapToLong(PackMerge.Pack::size).sum();
        copied += merged;
        packs.removeAll(chosen);
        packs.add(pack(merged));
      }
      assertTrue(packs.size() <= 12 + Packs.BATCH, "packs after commit " + commit + ": " + sizes(packs));
    }
    long written = 1000 * 5_000L;
    assertTrue(copied <= 8 * written, "each byte is copied fewer than log2(1000) times: " + copied / (double) written);
  }

  @Test
  void mergesCGitsDeltaPacksAndQuiresOwnIntoOnePackThatCGitAccepts() throws IOException {
    Git.run(dir, "init", "-q", "-b", "main");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      text.append("line ").append(i).append(" of a file that changes a little at every commit\n");
    }
    for (int i = 0; i < 6; i++) {
      Files.writeString(dir.resolve("notes.txt"), text + "edit " + i + "\n");
      Git.run(dir, "add", "notes.txt");
      Git.run(dir, "commit", "-q", "-m", "edit " + i);
      if (i == 2) {
        Git.run(dir, "repack", "-q", "-d"); // a pack of offset deltas
      }
    }
    Git.run(dir, "repack", "-q", "-d"); // a second pack with the newer objects
    Path packDir = dir.resolve(".git/objects/pack");
    try (Repository repo = FileRepositoryBuilder.create(dir.resolve(".git").toFile())) {
      ObjectId extra;
      try (PackInserter ins = new PackInserter(repo, false)) { // a pack of Quire's: whole objects, one a duplicate
        extra = ins.insert(Constants.OBJ_BLOB, "written by Quire\n".getBytes(StandardCharsets.UTF_8));
        ins.insert(Constants.OBJ_BLOB, (text + "edit 0\n").getBytes(StandardCharsets.UTF_8));
        ins.flush();
      }
      List<PackMerge.Pack> before = Packs.candidates(packDir);
      assertEquals(3, before.size());
      Set<String> objectsBefore = objects(dir);

      Path merged = PackMerge.merge(repo, before, false);

      assertEquals(List.of(merged), Packs.candidates(packDir).stream().map(p -> p.file(".pack")).toList());
      assertEquals(objectsBefore, objects(dir), "every object is still there, once");
      Git.fsck(dir);
      Git.run(dir, "verify-pack", merged.resolveSibling(merged.getFileName().toString().replace(".pack", ".idx")).toString());
      assertTrue(Git.run(dir, "verify-pack", "-v", merged.toString()).contains("chain length = 1"), "the deltas are kept");
      try (ObjectReader reader = repo.newObjectReader()) {
        assertEquals("written by Quire\n", new String(reader.open(extra).getBytes(), StandardCharsets.UTF_8),
            "JGit reads the merged pack in the same process");
      }
      assertEquals(6, Git.run(dir, "log", "--oneline").lines().count());
    }
  }

  @Test
  void aDamagedPackIsNotMergedAndNothingIsRemoved() throws IOException {
    Git.run(dir, "init", "-q", "-b", "main");
    try (Repository repo = FileRepositoryBuilder.create(dir.resolve(".git").toFile())) {
      for (int i = 0; i < 2; i++) {
        try (PackInserter ins = new PackInserter(repo, false)) {
          ins.insert(Constants.OBJ_BLOB, ("blob " + i + " with some text to damage\n").getBytes(StandardCharsets.UTF_8));
          ins.flush();
        }
      }
      Path packDir = dir.resolve(".git/objects/pack");
      List<PackMerge.Pack> packs = Packs.candidates(packDir);
      Path victim = packs.get(1).file(".pack");
      victim.toFile().setWritable(true);
      byte[] bytes = Files.readAllBytes(victim);
      bytes[20] ^= 0x55;
      Files.write(victim, bytes);

      IOException e = assertThrows(IOException.class, () -> PackMerge.merge(repo, packs, false));
      assertTrue(e.getMessage().contains("damaged"), e.getMessage());
      assertEquals(2, Packs.candidates(packDir).size(), "both packs stay");
      try (Stream<Path> files = Files.list(packDir)) {
        assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith(PackInserter.TEMP_PREFIX)), "no temporary file left");
      }
    }
  }

  @Test
  void oneMergeAtATimeAcrossTheJvm() throws IOException {
    Git.run(dir, "init", "-q", "-b", "main");
    Path privateDir = dir.resolve(".git/quire");
    try (Repository repo = FileRepositoryBuilder.create(dir.resolve(".git").toFile())) {
      for (int i = 0; i < Packs.BATCH; i++) {
        try (PackInserter ins = new PackInserter(repo, false)) {
          ins.insert(Constants.OBJ_BLOB, ("blob " + i + "\n").getBytes(StandardCharsets.UTF_8));
          ins.flush();
        }
        if (i == Packs.BATCH - 2) {
          assertNull(Packs.consolidate(repo, privateDir, false), "15 packs wait for a 16th");
        }
      }
      Files.createDirectories(privateDir);
      try (var channel = java.nio.channels.FileChannel.open(privateDir.resolve("pack-merge-lock"),
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
          var held = channel.lock()) {
        assertNull(Packs.consolidate(repo, privateDir, false), "a merge already running: nothing done");
      }
      Packs.Merged m = Packs.consolidate(repo, privateDir, false);
      assertEquals(Packs.BATCH, m.merged());
      assertEquals(1, m.packsAfter());
      Git.fsck(dir);
    }
  }

  private static Set<String> objects(Path dir) {
    Set<String> out = new TreeSet<>();
    for (String line : Git.run(dir, "cat-file", "--batch-all-objects", "--batch-check").split("\n")) {
      if (!line.isBlank()) {
        out.add(line);
      }
    }
    return out;
  }
}
