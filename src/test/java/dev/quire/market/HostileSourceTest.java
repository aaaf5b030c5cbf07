package dev.quire.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.StoreException;
import dev.quire.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sources crafted the way an attacker would (trees written object by object, so that names
 * C git would not check out are there): each refresh is refused with the source and the path
 * in the message, and nothing is written to the store or its catalogs.
 */
class HostileSourceTest {
  @TempDir Path dir;

  private static final byte[] MARKETPLACE = "name: Evil\ndescription: x\nversion: 1.0.0\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PACKAGE = "id: p\nname: P\ntype: rule\nversion: 1.0.0\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RULE = "id: r1\nname: R\ntype: system\ncontent: c\n".getBytes(StandardCharsets.UTF_8);

  /** A tree from name → (mode, content or subtree); entries sorted as Git wants them. */
  private static ObjectId tree(ObjectInserter ins, Map<byte[], Object[]> entries) throws IOException {
    TreeMap<byte[], Object[]> sorted = new TreeMap<>((a, b) -> {
      boolean at = entries.get(a)[0] == FileMode.TREE;
      boolean bt = entries.get(b)[0] == FileMode.TREE;
      byte[] x = at ? Arrays.copyOf(a, a.length + 1) : a;
      byte[] y = bt ? Arrays.copyOf(b, b.length + 1) : b;
      if (at) {
        x[a.length] = '/';
      }
      if (bt) {
        y[b.length] = '/';
      }
      return Arrays.compareUnsigned(x, y);
    });
    sorted.putAll(entries);
    TreeFormatter f = new TreeFormatter();
    for (Map.Entry<byte[], Object[]> e : sorted.entrySet()) {
      FileMode mode = (FileMode) e.getValue()[0];
      Object v = e.getValue()[1];
      ObjectId id = v instanceof ObjectId oid ? oid : ins.insert(Constants.OBJ_BLOB, (byte[]) v);
      f.append(e.getKey(), 0, e.getKey().length, mode, id);
    }
    return ins.insert(f);
  }

  private static byte[] n(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<byte[], Object[]> entries(Object... kv) {
    Map<byte[], Object[]> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 3) {
      m.put(kv[i] instanceof byte[] b ? b : n((String) kv[i]), new Object[] {kv[i + 1], kv[i + 2]});
    }
    return m;
  }

  /** A repository whose one commit has the root tree the case makes. */
  private Path source(String hostile) throws IOException {
    Path git = dir.resolve("evil.git");
    try (Repository repo = FileRepositoryBuilder.create(git.toFile())) {
      repo.create(true);
      try (ObjectInserter ins = repo.newObjectInserter()) {
        Map<byte[], Object[]> rules = entries("r1.yaml", FileMode.REGULAR_FILE, RULE);
        Map<byte[], Object[]> pkg = entries("package.yaml", FileMode.REGULAR_FILE, PACKAGE);
        switch (hostile) {
          case "symlink" -> rules.putAll(entries("r2.yaml", FileMode.SYMLINK, n("/etc/passwd")));
          case "gitlink" -> rules.putAll(entries("sub", FileMode.GITLINK, ObjectId.fromString("0123456789012345678901234567890123456789")));
          case "dotdot" -> pkg.putAll(entries("..", FileMode.TREE, tree(ins, entries("x.yaml", FileMode.REGULAR_FILE, RULE))));
          case "slash" -> rules.putAll(entries("../../../etc/passwd.yaml", FileMode.REGULAR_FILE, RULE));
          case "dotgit" -> pkg.putAll(entries(".GIT", FileMode.TREE, tree(ins, entries("config", FileMode.REGULAR_FILE, n("[core]\n")))));
          case "case" -> rules.putAll(entries("R1.yaml", FileMode.REGULAR_FILE, RULE));
          case "utf8" -> rules.putAll(entries(new byte[] {'r', (byte) 0xff, '.', 'y', 'a', 'm', 'l'}, FileMode.REGULAR_FILE, RULE));
          case "big" -> rules.putAll(entries("big.yaml", FileMode.REGULAR_FILE, new byte[100 << 20]));
          case "many" -> {
            ObjectId blob = ins.insert(Constants.OBJ_BLOB, RULE);
            for (int i = 0; i < 100_000; i++) {
              rules.put(n(String.format("r%06d.yaml", i)), new Object[] {FileMode.REGULAR_FILE, blob});
            }
          }
          case "deep" -> {
            ObjectId t = tree(ins, entries("x.yaml", FileMode.REGULAR_FILE, RULE));
            for (int i = 0; i < 10; i++) {
              t = tree(ins, entries("d" + i, FileMode.TREE, t));
            }
            pkg.putAll(entries("deep", FileMode.TREE, t));
          }
          case "bomb" -> pkg.put(n("package.yaml"), new Object[] {FileMode.REGULAR_FILE, n(
              "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
              + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nid: p\nname: P\ntype: rule\nversion: 1.0.0\n")});
          default -> throw new IllegalArgumentException(hostile);
        }
        pkg.putAll(entries("rules", FileMode.TREE, tree(ins, rules)));
        ObjectId root = tree(ins, entries("marketplace.yaml", FileMode.REGULAR_FILE, MARKETPLACE,
            "packages", FileMode.TREE, tree(ins, entries("p", FileMode.TREE, tree(ins, pkg)))));
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(root);
        PersonIdent who = new PersonIdent("Evil", "evil@example.org");
        c.setAuthor(who);
        c.setCommitter(who);
        c.setMessage("hostile: " + hostile);
        ObjectId commit = ins.insert(c);
        ins.flush();
        RefUpdate u = repo.updateRef("refs/heads/main");
        u.setNewObjectId(commit);
        u.forceUpdate();
        repo.updateRef(Constants.HEAD).link("refs/heads/main");
      }
    }
    return git;
  }

  @ParameterizedTest
  @ValueSource(strings = {"symlink", "gitlink", "dotdot", "slash", "dotgit", "case", "utf8", "big", "many", "deep", "bomb"})
  void isRefusedWithNothingWritten(String hostile) throws IOException {
    Path source = source(hostile);
    Path s = dir.resolve("s");
    try (Store store = Store.init(s)) {
      Marketplace market = Marketplace.of(store);
      market.addSource("evil", source.toUri().toString(), null);
      String head = store.commitId();
      StoreException e = assertThrows(StoreException.class, () -> market.refresh("evil"));
      assertTrue(e.getMessage().contains("evil") && e.getMessage().contains("packages/p"), hostile + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("Exception"), e.getMessage());
      assertEquals(head, store.commitId());
      assertThrows(StoreException.class, () -> market.install("evil", "p", null, Installer.Options.defaults()));
      assertEquals(head, store.commitId(), "nothing installed");
    }
    try (Stream<Path> files = Files.walk(s.resolve(".git/quire/market"))) {
      assertFalse(files.anyMatch(f -> f.toString().endsWith(".catalog.json")), "no catalog saved");
    }
    try (Stream<Path> files = Files.list(s)) {
      assertEquals(java.util.List.of(".git", ".quire", ".vscode", "quire.yaml", "v2"), files.map(f -> f.getFileName().toString()).sorted().toList(),
          "nothing of the source in the store's folder");
    }
  }
}
