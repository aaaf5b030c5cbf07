package dev.quire.testing;

import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.store.StoreOptions;
import dev.quire.sync.Remotes;
import dev.quire.sync.Sync;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What tests build, in a line each (in the spirit of JGit's {@code TestRepository}): stores in
 * a temporary folder with a {@link FakeClock} and a fixed author, bare remotes made by C git
 * ({@link Git}),
 * clones, and entities from key–value pairs. Closing it closes the stores it opened.
 *
 * <pre>{@code
 * try (Fixture f = new Fixture(dir)) {
 *   Store a = f.store("a");
 *   Path hub = f.bareRemote("hub.git");
 *   f.remote(a, "origin", Fixture.url(hub));
 *   a.put(Fixture.named(EntityTypes.RULES, "r1", "Be brief", "content", "…", "type", "system"));
 * }
 * }</pre>
 */
public final class Fixture implements AutoCloseable {
  /** When every fixture's clock starts. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final Path dir;
  private final FakeClock clock = new FakeClock(START);
  private final List<Store> opened = new ArrayList<>();

  public Fixture(Path dir) {
    this.dir = dir;
  }

  public FakeClock clock() {
    return clock;
  }

  /** The defaults, with this fixture's clock and the author "Test". */
  public StoreOptions options() {
    return StoreOptions.builder().clock(clock).author("Test", "test@example.com").build();
  }

  /** A folder of the fixture. */
  public Path path(String name) {
    return dir.resolve(name);
  }

  /** A new store with a working tree in {@code name}. */
  public Store store(String name) {
    return keep(Store.init(path(name), false, options()));
  }

  /** A new store with a working tree in {@code name}, with options changed by {@code options}. */
  public Store store(String name, java.util.function.Consumer<StoreOptions.Builder> options) {
    StoreOptions.Builder b = options().toBuilder();
    options.accept(b);
    return keep(Store.init(path(name), false, b.build()));
  }

  /** A new bare store in {@code name}. */
  public Store bareStore(String name) {
    return keep(Store.init(path(name), true, options()));
  }

  /** Opens the store in {@code name} again. */
  public Store open(String name) {
    return keep(Store.open(path(name), options()));
  }

  /** A bare repository made by C git (branch main) in the fixture's folder, to use as a remote. */
  public Path bareRemote(String name) {
    return bareRemote(dir, name);
  }

  /** A bare repository made by C git (branch main) in {@code in}, to use as a remote. */
  public static Path bareRemote(Path in, String name) {
    Path repo = in.resolve(name);
    Git.run(in, "init", "-q", "--bare", "-b", "main", repo.toString());
    return repo;
  }

  /** A repository's URL, as remotes take it. */
  public static String url(Path repo) {
    return repo.toUri().toString();
  }

  /** Adds a remote to a store. */
  public Store remote(Store store, String remote, String url) {
    Remotes.of(store).add(remote, url);
    return store;
  }

  /** Clones {@code url} into {@code name}, remote "origin". */
  public Store cloneOf(String url, String name) {
    return keep(Sync.cloneFrom(url, path(name), options()));
  }

  private Store keep(Store s) {
    opened.add(s);
    return s;
  }

  @Override
  public void close() {
    for (Store s : opened) {
      s.close();
    }
  }

  // ---- entities ---------------------------------------------------------------------------

  /** An ordered map written inline: {@code map("id", "r1", "name", "Brief")}. */
  public static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** An entity of {@code type} from key–value pairs. */
  public static Entity entity(EntityType type, Object... kv) {
    return Entity.of(type, map(kv));
  }

  /** An entity with an id and a name, and more key–value pairs. */
  public static Entity named(EntityType type, String id, String name, Object... more) {
    Map<String, Object> m = map(more);
    Map<String, Object> all = map("id", id, "name", name);
    all.putAll(m);
    return Entity.of(type, all);
  }

  /** A conversation created 2025-03-01T10:00:00Z. */
  public static Entity conversation(String id, String title, String updatedAt) {
    return entity(EntityTypes.CONVERSATIONS, "id", id, "title", title, "createdAt", "2025-03-01T10:00:00Z",
        "updatedAt", updatedAt);
  }

  /** A completed turn of a conversation, started {@code index} minutes after 2025-03-01T10:00:00Z. */
  public static Entity interaction(String id, String conversationId, int index) {
    return entity(EntityTypes.INTERACTIONS, "id", id, "conversationId", conversationId, "index", index,
        "type", "message.user_assistant", "status", "COMPLETED",
        "startedAt", Instant.parse("2025-03-01T10:00:00Z").plusSeconds(60L * index).toString(),
        "prompt", map("id", id + "p", "content", "question " + index),
        "response", "answer " + index + "\n\n```java\nint x = " + index + ";\n```\n");
  }

  /** A completed turn with just a response: the smallest interaction a sync test needs. */
  public static Entity turn(String id, String conversationId, int index) {
    return entity(EntityTypes.INTERACTIONS, "id", id, "conversationId", conversationId, "index", index,
        "type", "message.user_assistant", "status", "COMPLETED", "response", "answer " + id);
  }

  /** A system rule. */
  public static Entity rule(String id, String name) {
    return named(EntityTypes.RULES, id, name, "content", "c", "type", "system");
  }
}
