package dev.quire.internal.engine;

import dev.quire.codec.EntityCodec;
import dev.quire.layout.Layout;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * The one way Quire's features (sync, migrations, the marketplace next) reach a store's engine,
 * in the spirit of Gerrit's {@code VersionedMetaData}: <em>load</em> a commit ({@link #refresh},
 * {@link #view}) and <em>save</em> changes on top of the commit loaded, by compare-and-swap of
 * the branch — a set of path changes ({@link #commitChanges}, {@link #advance}) or a
 * transaction with entity and path writes ({@link #transact}). Every save takes the store's
 * lock, fires the store's events and brings the working tree up to date. Features get it from
 * {@code Store.seam()}; nothing else of the engine is theirs to use.
 */
public interface Seam {

  /** The store's repository: for transports (fetch, push) and the feature's own private refs. */
  Repository repo();

  /** The store's private directory ({@code .git/quire/}): never committed, never pushed. */
  Path privateDirectory();

  Layout layout();

  EntityCodec codec();

  /** The branch that is the store's state ({@code main} by default). */
  String branch();

  /** The store's clock (the options' clock): features stamp times with it. */
  Clock clock();

  /** Author and committer of the store's commits, at the clock's time. */
  PersonIdent identity();

  /** Fails with the reason when the store cannot be written (an older schema version). */
  void requireWritable();

  /** The branch head now (null before the first commit), telling listeners of moves made by others. */
  ObjectId refresh();

  /** The entities and files of a commit (null: the empty store). */
  CommitView view(ObjectId commit);

  /** A reader over the store's object cache; close it. */
  ObjectReader newReader();

  /** A blob's bytes, refused with the path when larger than {@code limit}. */
  byte[] bytes(ObjectReader reader, ObjectId blob, long limit, String path);

  /**
   * Commits {@code changes} (path → blob id kept, bytes written, or null deleted) onto
   * {@code baseTree} as a child of {@code expected} (and of {@code moreParents}: a merge), if
   * the branch is still at {@code expected}; else {@code ConflictException} and nothing moves.
   * {@code beforeFiles} runs before the working tree catches up (it may move folders on disk).
   */
  ObjectId commitChanges(ObjectId expected, List<ObjectId> moreParents, ObjectId baseTree,
      Map<String, Object> changes, String message, Runnable beforeFiles);

  /** Moves the branch from {@code expected} to an existing commit (a fast-forward). */
  void advance(ObjectId expected, ObjectId target);

  /**
   * Runs {@code work} as one transaction (entity writes with the store's rules, and path
   * writes) and commits it, re-run on the new head when the branch moved under it.
   *
   * @return the new commit id, or null when nothing changed
   */
  String transact(Consumer<Tx> work);

  /**
   * Secret values: the local secret store (values outside Git: API keys, passwords, remote
   * credentials), the shared key, sealed values at a commit.
   */
  SecretValues secretValues();
}
