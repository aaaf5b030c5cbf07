package dev.quire.internal.engine;

import dev.quire.InvalidEntityException;
import dev.quire.layout.FileNames;
import java.nio.charset.StandardCharsets;

/**
 * Where project files (LiteChat's virtual file system) live: {@code files/<vfsKey>/<path>},
 * the key encoded like an id, the path checked segment by segment so that it can never leave
 * its folder or hold names a file system refuses.
 */
public final class ProjectPaths {
  private ProjectPaths() {}

  public static final String ROOT = "files";

  /** The repository path of a project file or folder; "" for the top of the key's folder. */
  public static String of(String vfsKey, String path) {
    String key;
    try {
      key = FileNames.encode(vfsKey);
    } catch (IllegalArgumentException e) {
      throw new InvalidEntityException("project files \"" + vfsKey + "\"", null, e.getMessage());
    }
    String clean = normalize(vfsKey, path);
    return clean.isEmpty() ? ROOT + "/" + key : ROOT + "/" + key + "/" + clean;
  }

  /** The path with duplicate and trailing slashes removed, or a refusal naming the problem. */
  public static String normalize(String vfsKey, String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      return "";
    }
    if (p.length() > 4096) {
      throw refuse(vfsKey, path, "the path is longer than 4096 characters");
    }
    StringBuilder out = new StringBuilder(p.length());
    for (String segment : p.split("/+")) {
      if (segment.equals(".") || segment.equals("..")) {
        throw refuse(vfsKey, path, "\".\" and \"..\" are not allowed in project file paths");
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > 255) {
        throw refuse(vfsKey, path, "a name is longer than 255 bytes");
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c < 0x20 || c == 0x7f || c == '\\') {
          throw refuse(vfsKey, path, "control characters and backslashes are not allowed in project file paths");
        }
      }
      if (segment.equalsIgnoreCase(".git")) {
        throw refuse(vfsKey, path, "\".git\" is not allowed as a name");
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(segment);
    }
    return out.toString();
  }

  private static InvalidEntityException refuse(String vfsKey, String path, String why) {
    return new InvalidEntityException("project file \"" + path + "\" of \"" + vfsKey + "\"", null, why);
  }
}
