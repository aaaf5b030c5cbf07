package dev.quire.internal.secrets;

import dev.quire.StoreException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files only their owner may read (0600), replaced atomically: the secret store and the key. */
public final class PrivateFiles {
  private PrivateFiles() {}

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /** Writes {@code bytes} to a temporary file of mode 0600 beside {@code file}, then renames it over {@code file}. */
  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try {
        restrict(tmp);
        Files.write(tmp, bytes);
        try {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether others than the owner may read or write {@code file} (false where the file system
   * has no POSIX permissions, or the file does not exist).
   */
  public static boolean isExposed(Path file) {
    try {
      return Files.exists(file) && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file));
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  /** Sets {@code file} to mode 0600 (nothing where the file system has no POSIX permissions). */
  public static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the private directory's own protection applies
    }
  }
}
