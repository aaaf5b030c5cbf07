package dev.quire.internal.git;

/**
 * Paths as folder and name. A big commit's paths come folder by folder (an import stages a
 * conversation's interactions one after the other), so the passes over them ask about a
 * folder only when it changes from the previous path's.
 */
public final class Folders {
  private Folders() {}

  /** Whether two paths are in the same folder ({@code previous} may be null: no). */
  public static boolean same(String path, String previous) {
    if (previous == null) {
      return false;
    }
    int slash = path.lastIndexOf('/');
    return slash == previous.lastIndexOf('/') && path.regionMatches(0, previous, 0, Math.max(0, slash));
  }

  /** The folder of a path ("" at the top). */
  public static String of(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
