package dev.quire.codec;

import java.util.Locale;
import java.util.Optional;

/** The two file formats of entity files, chosen per file by its extension. */
public enum Format {
  /** {@code .yaml}: the default, for people. */
  YAML(".yaml"),
  /** {@code .json}: accepted everywhere, written like {@code JSON.stringify(x, null, 2)}. */
  JSON(".json");

  private final String extension;

  Format(String extension) {
    this.extension = extension;
  }

  /** The extension including its dot. */
  public String extension() {
    return extension;
  }

  /** A path of this format's file with the extension of {@code other} instead. */
  public String sibling(String path, Format other) {
    return other == this ? path : path.substring(0, path.length() - extension.length()) + other.extension;
  }

  /** The format of a file name, by its extension (case-sensitive, as in Git). */
  public static Optional<Format> ofFileName(String name) {
    for (Format f : values()) {
      if (name.endsWith(f.extension) && name.length() > f.extension.length()) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
