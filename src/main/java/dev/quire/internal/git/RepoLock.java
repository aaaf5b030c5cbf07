package dev.quire.internal.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes the commit section of writers on one repository: threads of this JVM through a
 * lock shared by every store open on the same directory, other processes through an
 * operating-system lock on {@code quire/lock} in the repository's private directory. Plain
 * {@code git} does not take it; the compare-and-swap on the branch still protects against it.
 */
public final class RepoLock {
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final ReentrantLock jvmLock;
  private final Path file;
  private FileChannel channel;
  private FileLock osLock;

  public RepoLock(Path privateDir) {
    this.file = privateDir.resolve("lock");
    this.jvmLock = JVM_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
  }

  public void lock() {
    jvmLock.lock();
    if (jvmLock.getHoldCount() > 1) {
      return;
    }
    try {
      if (channel == null || !channel.isOpen()) {
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      }
      osLock = channel.lock();
    } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
      jvmLock.unlock();
      throw new dev.quire.StoreException("cannot lock " + file + ": " + e.getMessage() + "; check that the folder is writable", e);
    }
  }

  public void unlock() {
    if (jvmLock.getHoldCount() == 1 && osLock != null) {
      try {
        osLock.release();
      } catch (IOException e) {
        // the channel stays open; the next lock() tries again
      } finally {
        osLock = null;
      }
    }
    jvmLock.unlock();
  }

  /** Closes the lock file (the store is closing). */
  public void close() {
    jvmLock.lock();
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // nothing left to release
    } finally {
      channel = null;
      jvmLock.unlock();
    }
  }
}
