package dev.quire.codec;

import dev.quire.MalformedFileException;

/**
 * The strict UTF-8 check every file passes before it is parsed: no overlong forms (which
 * would let {@code C0 AF} pass for {@code /}), no surrogates, nothing above U+10FFFF, no
 * truncated sequence, and no NUL byte (which no text entity file holds, and which is how
 * UTF-16 text looks to a UTF-8 reader). A refusal names the line and column of the first bad
 * byte.
 */
final class Utf8 {
  private Utf8() {}

  /** {@link #check} saw an ampersand (a YAML anchor may follow). */
  static final int AMPERSAND = 1;
  /** {@link #check} saw {@code .i}, {@code .I}, {@code .n} or {@code .N} (a YAML infinity or NaN may follow). */
  static final int DOT_I_OR_N = 2;

  /**
   * Checks the bytes and, in the same pass, notes what the YAML reader must look at again
   * ({@link #AMPERSAND}, {@link #DOT_I_OR_N}), so a file is not scanned three times.
   */
  static int check(byte[] b, String source) {
    int seen = 0;
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i] & 0xff;
      if (c >= 0x01 && c < 0x80) {
        if (c == '&') {
          seen |= AMPERSAND;
        } else if (c == '.' && i + 1 < n && ((b[i + 1] | 0x20) == 'i' || (b[i + 1] | 0x20) == 'n')) {
          seen |= DOT_I_OR_N;
        }
        i++;
        continue;
      }
      int len = c == 0 ? -1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : -1;
      boolean ok = len > 0 && i + len <= n;
      for (int k = 1; ok && k < len; k++) {
        ok = (b[i + k] & 0xc0) == 0x80;
      }
      if (ok && len == 3) {
        int c1 = b[i + 1] & 0xff;
        ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0); // overlong; surrogate
      } else if (ok && len == 4) {
        int c1 = b[i + 1] & 0xff;
        ok = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90); // overlong; above U+10FFFF
      }
      if (!ok) {
        throw refuse(b, i, source, c == 0 ? "a NUL byte; entity files are UTF-8 text (UTF-16 is not read)"
            : String.format("invalid UTF-8 (byte 0x%02X); save the file as UTF-8", c));
      }
      i += len;
    }
    return seen;
  }

  private static MalformedFileException refuse(byte[] b, int at, String source, String reason) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < at; i++) {
      if (b[i] == '\n') {
        line++;
        column = 1;
      } else if ((b[i] & 0xc0) != 0x80) {
        column++;
      }
    }
    return new MalformedFileException(source, line, column, reason);
  }
}
