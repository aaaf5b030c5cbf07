package dev.quire.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "V1StGXR8_Z5jdHi6B-myT  | V1StGXR8_Z5jdHi6B-myT",
      "550e8400-e29b-41d4-a716-446655440000 | 550e8400-e29b-41d4-a716-446655440000",
      "a.b                    | a.b",
      "..                     | %2E%2E",
      ".                      | %2E",
      ".git                   | %2Egit",
      "a.                     | a%2E",
      "a/b                    | a%2Fb",
      "../../etc/passwd       | %2E.%2F..%2Fetc%2Fpasswd",
      "a\\b                   | a%5Cb",
      "C:                     | C%3A",
      "CON                    | %43ON",
      "con                    | %63on",
      "Lpt9                   | %4Cpt9",
      "nul.txt                | %6Eul.txt",
      "console                | console",
      "café                   | caf%C3%A9",
      "a b                    | a%20b",
      "100%                   | 100%25",
      "~x                     | %7Ex",
      "😀                     | %F0%9F%98%80",
  })
  void hostileIdsBecomeSafeReversibleNames(String id, String stem) {
    assertEquals(stem, FileNames.encode(id));
    assertEquals(id, FileNames.decode(stem));
  }

  @Test
  void controlCharactersAndNulAreEscaped() {
    assertEquals("x%00y%0A%1F%7F", FileNames.encode("x\0y\n\u001f\u007f"));
    assertEquals("x\0y\n\u001f\u007f", FileNames.decode("x%00y%0A%1F%7F"));
  }

  @Test
  void encodedNamesAreAlwaysSafeForEveryFileSystem() {
    Random random = new Random(1);
    for (int i = 0; i < 10_000; i++) {
      StringBuilder id = new StringBuilder();
      int n = 1 + random.nextInt(12);
      for (int j = 0; j < n; j++) {
        id.append((char) (random.nextInt(10) == 0 ? random.nextInt(0x3000) : 0x20 + random.nextInt(0x5f)));
      }
      String s = id.toString();
      if (s.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
        continue;
      }
      String stem = FileNames.encode(s);
      assertTrue(stem.matches("[A-Za-z0-9._%-]+"), stem);
      assertFalse(stem.startsWith(".") || stem.endsWith("."), stem);
      assertEquals(s, FileNames.decode(stem));
    }
  }

  @Test
  void refusedIdsSayWhy() {
    assertEquals("an id must not be empty",
        assertThrows(IllegalArgumentException.class, () -> FileNames.encode("")).getMessage());
    assertEquals("the id is too long for a file name (201 bytes once encoded, at most 200)",
        assertThrows(IllegalArgumentException.class, () -> FileNames.encode("x".repeat(201))).getMessage());
    assertEquals(200, FileNames.encode("x".repeat(200)).length());
  }

  @Test
  void onlyTheCanonicalSpellingOfANameDecodes() {
    assertEquals("file name \"%41bc\" is not in canonical form; the file for id \"Abc\" is named \"Abc\"",
        assertThrows(IllegalArgumentException.class, () -> FileNames.decode("%41bc")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> FileNames.decode("a%2fb"), "lower-case hex");
    assertThrows(IllegalArgumentException.class, () -> FileNames.decode("a b"));
    assertThrows(IllegalArgumentException.class, () -> FileNames.decode("caf\u00e9"));
    assertThrows(IllegalArgumentException.class, () -> FileNames.decode("%FF"), "not UTF-8");
    assertThrows(IllegalArgumentException.class, () -> FileNames.decode("con"), "device name");
  }

  @Test
  void idsDifferingOnlyByCaseShareACaseKey() {
    assertNotEquals(FileNames.encode("abc"), FileNames.encode("ABC"));
    assertEquals(FileNames.caseKey("abc"), FileNames.caseKey("ABC"));
    assertNotEquals(FileNames.caseKey("abc"), FileNames.caseKey("abd"));
  }

  @Test
  void shardsAreTwoLowerCaseCharacters() {
    assertEquals("v/1", FileNames.shard("V1StGXR8_Z5jdHi6B-myT"));
    assertEquals("a/_", FileNames.shard("a.b"));
    assertEquals("_/2", FileNames.shard("%2E%2E"));
    assertEquals("x/_", FileNames.shard("x"));
    assertEquals("-/_", FileNames.shard("-_z"));
  }
}
