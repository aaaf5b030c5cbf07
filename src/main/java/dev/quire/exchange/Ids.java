package dev.quire.exchange;

import java.security.SecureRandom;

/** New ids as LiteChat makes them: nanoid's 21 characters of {@code A-Za-z0-9_-}. */
final class Ids {
  private static final String ALPHABET =
      "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  static String nanoid() {
    byte[] bytes = new byte[21];
    RANDOM.nextBytes(bytes);
    char[] id = new char[21];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET.charAt(bytes[i] & 63);
    }
    return new String(id);
  }
}
