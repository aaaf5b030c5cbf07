package dev.quire.cli;

import dev.quire.NotFoundException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where the exchange verbs read and write: files relative to {@code -C}, or stdin/stdout. */
final class ExchangeFiles {
  private ExchangeFiles() {}

  /** The groups of {@code --only} (all when it is not given); an unknown name is a usage error. */
  static java.util.Set<dev.quire.exchange.ExportGroup> groups(picocli.CommandLine.Model.CommandSpec spec, String only) {
    if (only == null) {
      return java.util.EnumSet.allOf(dev.quire.exchange.ExportGroup.class);
    }
    try {
      return dev.quire.exchange.ExportGroup.parse(only);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--only: " + e.getMessage());
    }
  }

  /** An existing input file, relative to the store folder given with -C. */
  static Path input(Main main, String file) {
    Path p = main.directory().resolve(file);
    if (!Files.isRegularFile(p)) {
      throw new NotFoundException(file + ": no such file");
    }
    return p;
  }

  /** Something that writes a document. */
  interface Body {
    void write(Writer out) throws IOException;
  }

  /**
   * Writes a document to {@code file} (through a temporary file renamed into place, so a
   * failed export leaves no half file), or to standard output when {@code file} is null or -.
   */
  static void output(Main main, String file, Writer stdout, Body body) throws IOException {
    if (file == null || file.equals("-")) {
      body.write(stdout);
      stdout.flush();
      return;
    }
    Path target = main.directory().resolve(file);
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".quire-export-", ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        body.write(w);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
