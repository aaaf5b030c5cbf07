package dev.quire.internal.git;

import dev.quire.NotFoundException;
import dev.quire.RemoteException;
import dev.quire.StoreException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * The one place that opens and creates repositories: a folder with a working tree or a bare
 * one, a new repository, and the private bare mirrors that features keep under
 * {@code .git/quire/}. Failures are {@link StoreException}s naming the folder.
 */
public final class Repositories {
  private Repositories() {}

  /** Whether {@code dir} is, or has, a Git repository. */
  public static boolean exists(Path dir) {
    File abs = dir.toAbsolutePath().normalize().toFile();
    return RepositoryCache.FileKey.resolve(abs, FS.DETECTED) != null || new File(abs, Constants.DOT_GIT).exists();
  }

  /**
   * Opens the repository of {@code dir}: its working tree's {@code .git}, or {@code dir} itself
   * when it is bare.
   *
   * @throws NotFoundException when there is none; {@code what} says what to do then
   */
  public static Repository open(Path dir, String whatToDo) {
    Path abs = dir.toAbsolutePath().normalize();
    File gitDir = RepositoryCache.FileKey.resolve(abs.toFile(), FS.DETECTED);
    if (gitDir == null) {
      throw new NotFoundException(abs + ": " + whatToDo);
    }
    try {
      FileRepositoryBuilder b = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true);
      if (!gitDir.equals(abs.toFile())) {
        b.setWorkTree(abs.toFile());
      }
      return b.build();
    } catch (IOException e) {
      throw new StoreException("cannot open " + abs + ": " + e.getMessage(), e);
    }
  }

  /** Creates a repository (bare or with a working tree) whose first branch will be {@code branch}. */
  public static void create(Path dir, boolean bare, String branch) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
      Git.init().setDirectory(abs.toFile()).setBare(bare).setInitialBranch(branch).call().close();
    } catch (IOException | GitAPIException e) {
      throw new StoreException("cannot create a repository in " + abs + ": " + e.getMessage(), e);
    }
  }

  /**
   * Clones {@code url} into {@code dir} (with a working tree), checking out {@code branch};
   * the remote is named {@code remote}. A local path is taken relative to {@code base}.
   *
   * @throws RemoteException when the source cannot be reached or read
   */
  public static void cloneOf(String url, Path base, Path dir, String branch, String remote) {
    String source = localPath(url, base).map(Path::toString).orElse(url);
    try (Git git = Git.cloneRepository().setURI(source).setDirectory(dir.toFile()).setBranch(branch)
        .setRemote(remote).call()) {
      // cloned; the caller opens it
    } catch (org.eclipse.jgit.api.errors.TransportException | org.eclipse.jgit.api.errors.InvalidRemoteException e) {
      throw new RemoteException("cannot clone " + url + ": " + e.getMessage(), e);
    } catch (GitAPIException e) {
      throw new StoreException("cannot clone " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * The folder a clone source names when, as for {@code git clone}, it is a path on this
   * machine rather than a URL ({@code ../a}, {@code a.git}; not {@code file://…},
   * {@code host:path} or {@code user@host:path}): resolved against {@code base}, made
   * absolute, when that folder exists. JGit would resolve it against the new repository.
   */
  static java.util.Optional<Path> localPath(String url, Path base) {
    int colon = url.indexOf(':');
    int slash = url.indexOf('/');
    boolean urlLike = url.contains("://") || (colon > 0 && (slash < 0 || colon < slash) && !isWindowsDrive(url));
    if (urlLike) {
      return java.util.Optional.empty();
    }
    try {
      Path p = base.resolve(url).toAbsolutePath().normalize();
      return Files.isDirectory(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
    } catch (java.nio.file.InvalidPathException e) {
      return java.util.Optional.empty();
    }
  }

  private static boolean isWindowsDrive(String url) {
    return url.length() > 2 && Character.isLetter(url.charAt(0)) && url.charAt(1) == ':' && (url.charAt(2) == '\\' || url.charAt(2) == '/');
  }

  /** A private bare repository at {@code gitDir}, created when missing. */
  public static Repository bare(Path gitDir) {
    try {
      Repository r = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build();
      if (!Files.exists(gitDir)) {
        r.create(true);
      }
      return r;
    } catch (IOException e) {
      throw new StoreException("cannot open the private repository " + gitDir + ": " + e.getMessage(), e);
    }
  }
}
