package dev.quire.layout;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The reversible mapping between an id and the stem of its file name. Ids made of
 * {@code A-Z a-z 0-9 - _ .} (nanoids, UUIDs) are their own file names. Every other byte of
 * the id's UTF-8 form is written {@code %XX} (upper-case hex), and so is:
 * <ul>
 *   <li>a leading dot (so no id becomes {@code .}, {@code ..} or a hidden file) and a
 *       trailing dot (Windows drops those);</li>
 *   <li>the first letter of a Windows device name ({@code CON}, {@code PRN}, {@code AUX},
 *       {@code NUL}, {@code COM0}–{@code COM9}, {@code LPT0}–{@code LPT9}, any case, with or
 *       without an extension): {@code con} → {@code %63on}.</li>
 * </ul>
 * So {@code /}, {@code \}, NUL, control characters and non-ASCII letters never reach the file
 * system as themselves, and no name can escape its folder. Refused: the empty id, and ids
 * whose file name would exceed {@value #MAX_STEM} bytes. Decoding is strict: a stem is
 * accepted only in exactly the form encoding produces, so one id has one file name.
 *
 * <p>Ids that differ only by letter case ({@code abc}, {@code ABC}) get different file names
 * that collide on case-insensitive file systems (macOS, Windows); {@link #caseKey} gives the
 * key under which the store refuses such a second id of the same type.
 */
public final class FileNames {
  private FileNames() {}

  /** Longest file-name stem produced, in bytes (leaves room for an extension under 255). */
  public static final int MAX_STEM = 200;

  private static final Set<String> DEVICES = Set.of("con", "prn", "aux", "nul",
      "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
      "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * The file-name stem of an id.
   *
   * @throws IllegalArgumentException for the empty id or one too long, with a user message
   */
  public static String encode(String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("an id must not be empty");
    }
    if (isPlainId(id)) {
      return id; // nanoids, UUIDs: their own file name
    }
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(utf8.length + 8);
    for (int i = 0; i < utf8.length; i++) {
      int b = utf8[i] & 0xff;
      boolean edgeDot = b == '.' && (i == 0 || i == utf8.length - 1);
      if (isPlain(b) && !edgeDot) {
        sb.append((char) b);
      } else {
        escape(sb, b);
      }
    }
    if (isDevice(sb)) {
      int b = sb.charAt(0);
      sb.deleteCharAt(0);
      StringBuilder escaped = new StringBuilder();
      escape(escaped, b);
      sb.insert(0, escaped);
    }
    if (sb.length() > MAX_STEM) {
      throw new IllegalArgumentException("the id is too long for a file name (" + sb.length()
          + " bytes once encoded, at most " + MAX_STEM + ")");
    }
    return sb.toString();
  }

  /**
   * The id a file-name stem stands for.
   *
   * @throws IllegalArgumentException when the stem is not exactly what {@link #encode} makes
   *     of some id; the message names the expected file name when there is one
   */
  public static String decode(String stem) {
    if (stem.isEmpty()) {
      throw new IllegalArgumentException("empty file name");
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(stem.length());
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      if (c == '%' && i + 2 < stem.length() && hex(stem.charAt(i + 1)) >= 0
          && hex(stem.charAt(i + 2)) >= 0) {
        out.write(hex(stem.charAt(i + 1)) * 16 + hex(stem.charAt(i + 2)));
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        throw new IllegalArgumentException("file name \"" + stem + "\" has a character that"
            + " must be written %XX");
      }
    }
    byte[] bytes = out.toByteArray();
    String id = new String(bytes, StandardCharsets.UTF_8);
    if (!java.util.Arrays.equals(id.getBytes(StandardCharsets.UTF_8), bytes)) {
      throw new IllegalArgumentException("file name \"" + stem + "\" does not decode to valid"
          + " UTF-8");
    }
    String canonical;
    try {
      canonical = encode(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("file name \"" + stem + "\": " + e.getMessage());
    }
    if (!canonical.equals(stem)) {
      throw new IllegalArgumentException("file name \"" + stem + "\" is not in canonical form;"
          + " the file for id \"" + id + "\" is named \"" + canonical + "\"");
    }
    return id;
  }

  /** The key under which ids collide on a case-insensitive file system. */
  public static String caseKey(String id) {
    return caseKeyOfName(encode(id));
  }

  /** The same key, from a file name (stem) instead of an id. */
  public static String caseKeyOfName(String stem) {
    return stem.toLowerCase(Locale.ROOT);
  }

  /**
   * The two shard folders for a stem, {@code x/y}: its first and second characters,
   * lower-cased, with any character other than {@code a-z 0-9 -} read as {@code _} (and a
   * missing second character as {@code _}). Two levels of at most 38 folders each keep every
   * tree a commit rewrites small, from a hundred conversations to millions.
   */
  public static String shard(String stem) {
    return appendShard(new StringBuilder(3), stem).toString();
  }

  /** Appends {@link #shard} of a stem. */
  static StringBuilder appendShard(StringBuilder sb, String stem) {
    return sb.append(shardChar(stem, 0)).append('/').append(shardChar(stem, 1));
  }

  private static char shardChar(String stem, int i) {
    char c = i < stem.length() ? Character.toLowerCase(stem.charAt(i)) : '_';
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '_';
  }

  private static boolean isPlain(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
        || b == '-' || b == '_' || b == '.';
  }

  /** An id that is its own file name: plain characters, no edge dot, not a device, short. */
  private static boolean isPlainId(String id) {
    int n = id.length();
    if (n > MAX_STEM || id.charAt(0) == '.' || id.charAt(n - 1) == '.') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!isPlain(id.charAt(i))) {
        return false;
      }
    }
    return !isDevice(id);
  }

  private static boolean isDevice(CharSequence stem) {
    int n = stem.length();
    int dot = -1;
    for (int i = 0; i < n && i < 5; i++) {
      if (stem.charAt(i) == '.') {
        dot = i;
        break;
      }
    }
    int base = dot < 0 ? n : dot;
    if (base != 3 && base != 4) {
      return false; // every device name has three or four letters
    }
    return DEVICES.contains(stem.subSequence(0, base).toString().toLowerCase(Locale.ROOT));
  }

  private static void escape(StringBuilder sb, int b) {
    sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
