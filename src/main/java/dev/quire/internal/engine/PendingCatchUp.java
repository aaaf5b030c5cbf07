package dev.quire.internal.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The record of a working-tree catch-up in progress ({@code .git/quire/worktree.pending}:
 * {@code <from> <to>}), written before its files and removed after them. Left behind by a
 * writer that died, it tells the next catch-up which files it may find half-written. One small
 * file write and one removal per catch-up (at most one a second while writing).
 */
final class PendingCatchUp {
  private final Path file;

  /** The journal's file. */
  Path file() {
    return file;
  }

  PendingCatchUp(Path file) {
    this.file = file;
  }

  /** The interrupted catch-up's {from, to}, or null when none is recorded (or the record is torn). */
  ObjectId[] read() {
    try {
      String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
      if (parts.length != 2) {
        return null;
      }
      ObjectId from = parts[0].equals("none") ? null : ObjectId.fromString(parts[0]);
      return new ObjectId[] {from, ObjectId.fromString(parts[1])};
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Records that files are being brought from {@code from} (null: none yet) to {@code to}. */
  void begin(ObjectId from, ObjectId to) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, (from == null ? "none" : from.name()) + " " + to.name() + "\n",
          StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The catch-up finished (or was recovered): nothing is pending. */
  void end() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot remove " + file + ": " + e.getMessage(), e);
    }
  }
}
