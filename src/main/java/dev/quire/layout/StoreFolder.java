package dev.quire.layout;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.model.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A store's files in a plain folder (a working tree, or a folder such as
 * {@code sample-repo/}): finds the version directory, lists the entity files, reads and
 * checks them. Works on any {@link java.nio.file.FileSystem}.
 */
public final class StoreFolder {

  private final Path root;
  private final Layout layout;

  private StoreFolder(Path root, Layout layout) {
    this.root = root;
    this.layout = layout;
  }

  /**
   * Opens a folder holding exactly one version directory ({@code v1/}, {@code v2/}, …).
   *
   * @throws StoreException when there is none, or more than one
   */
  public static StoreFolder open(Path root) {
    if (!Files.isDirectory(root)) {
      throw new StoreException(root + ": no such folder");
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(names::add);
    } catch (IOException e) {
      throw new StoreException("cannot list " + root + ": " + e.getMessage(), e);
    }
    int version = Layout.versionAmong(names, root);
    if (version == 0) {
      throw new StoreException(root + ": not a Quire store (no version folder such as v1/)");
    }
    return new StoreFolder(root, Layout.forVersion(version));
  }

  public Path root() {
    return root;
  }

  public Layout layout() {
    return layout;
  }

  /**
   * Every regular file under the version directory that is (or should be) an entity file, as
   * sorted relative paths; attachment contents (schema v2) are not listed.
   */
  public List<String> entityFiles() {
    Path dir = root.resolve(layout.versionDir());
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .map(this::relative)
          .filter(this::mayBeEntity)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new StoreException("cannot list the files of " + root + ": " + e.getMessage(), e);
    }
  }

  /** Every regular file under the version directory (attachment contents too), sorted. */
  public List<String> allFiles() {
    Path dir = root.resolve(layout.versionDir());
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(this::relative).sorted().toList();
    } catch (IOException e) {
      throw new StoreException("cannot list the files of " + dir + ": " + e.getMessage(), e);
    }
  }

  private boolean mayBeEntity(String path) {
    try {
      return layout.parse(path).isPresent();
    } catch (dev.quire.InvalidEntityException e) {
      return true; // a misplaced file: listed, so that checks report it
    }
  }

  /** The path of a file inside this folder, relative and with {@code /} separators. */
  public String relative(Path file) {
    Path rel = root.relativize(file);
    List<String> parts = new ArrayList<>();
    rel.forEach(p -> parts.add(p.toString()));
    return String.join("/", parts);
  }

  public byte[] bytes(String relativePath) {
    try {
      return Files.readAllBytes(Layout.resolve(root, relativePath));
    } catch (IOException e) {
      throw new StoreException("cannot read " + root.resolve(relativePath) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads and checks one entity file (its place, its id, its content), as a program sees it:
   * attachment contents kept apart (schema v2) are put back.
   */
  public Entity read(String relativePath, EntityCodec codec) {
    Entity e = layout.decode(relativePath, bytes(relativePath), codec);
    if (Attachments.apart(layout)) {
      e = Attachments.inline(e, hex -> {
        Path file = Layout.resolve(root, Attachments.path(relativePath, hex));
        try {
          return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException ex) {
          throw new StoreException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
      });
    }
    return e;
  }

  /**
   * Checks the given files (relative paths; all entity files when empty): each must parse,
   * fit its type, sit where its id says, and be in canonical form.
   */
  public List<Problem> check(EntityCodec codec, List<String> files) {
    List<Problem> problems = new ArrayList<>();
    for (String path : files.isEmpty() ? entityFiles() : files) {
      byte[] bytes;
      try {
        bytes = bytes(path);
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(path, 0, 0, "cannot read: " + e.getMessage()));
        continue;
      } catch (StoreException e) {
        problems.add(new Problem(path, 0, 0, e.getMessage()));
        continue;
      }
      try {
        Entity entity = layout.decode(path, bytes, codec);
        Format format = Format.ofFileName(path).orElseThrow();
        if (!Arrays.equals(bytes, codec.encode(entity, format))) {
          problems.add(new Problem(path, 0, 0,
              "not in canonical form; run \"quire fmt " + path + "\" to rewrite it"));
        }
      } catch (MalformedFileException | InvalidEntityException e) {
        problems.add(Problem.of(path, e));
      }
    }
    return problems;
  }
}
