package dev.quire.schema;

import java.util.List;

/**
 * One step of the schema: a pure function from the files of a store at version N to its files
 * at version N+1, applied by {@code quire migrate} as one commit whose diff shows what moved
 * and what changed. A step reads through {@link Source} and says what to do through
 * {@link Changes}; it never writes anything itself, keeps every field it does not know, and
 * leaves files it cannot read as they are (validation reports them).
 */
public interface Migration {
  /** The version it starts from; it produces {@code from() + 1}. */
  int from();

  /** One line for the commit message: what the step does and why. */
  String summary();

  void apply(Source in, Changes out);

  /** The store's files at version {@link #from()}. */
  interface Source {
    /** Every file at or below a folder, as repository paths. */
    List<String> files(String folder);

    byte[] read(String path);
  }

  /** What the step makes of them. */
  interface Changes {
    /** Moves a whole top-level folder (its files keep their content). */
    void move(String fromFolder, String toFolder);

    void put(String path, byte[] content);

    void delete(String path);
  }
}
