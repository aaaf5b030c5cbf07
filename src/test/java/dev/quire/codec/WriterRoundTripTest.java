package dev.quire.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property test of the two writers against the reader: whatever string, key or nesting a
 * tree holds, writing it and reading it back gives the same tree, in YAML and in JSON.
 */
class WriterRoundTripTest {
  private static final String[] PIECES = {
    "a", "Z", "0", "1", "9", ".", "-", "_", " ", "  ", "\n", "\n\n", "\t", "\r", ":", ": ",
    "#", " #", "'", "\"", "\\", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@",
    "`", "?", "~", "é", "中", "😀", "\u0000", "\u0007", "\u001b", "\u007f", "\u0085",
    "\u00a0", "\u2028", "\u2029", "\ufeff", "yes", "no", "null", "true", "1e3", "0x1F",
    ".inf", "---", "...", "<<", "=", "2025-03-01", "12:30", "+1", "-1", ".5", "1_000",
    "# heading", "- item", "```java", "    indented", "x".repeat(90)
  };

  private final TreeReader reader = new TreeReader(CodecLimits.DEFAULT);

  @Test
  void randomStringsSurviveYamlAndJson() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      String s = randomString(random);
      Map<String, Object> tree = new LinkedHashMap<>();
      tree.put("id", "x");
      tree.put("value", s);
      tree.put(s.isEmpty() ? "empty" : s, List.of(s, Map.of("k", s)));
      assertRoundTrip(tree);
    }
  }

  @Test
  void nestedStructuresSurvive() {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      Map<String, Object> tree = new LinkedHashMap<>();
      tree.put("id", "n" + i);
      tree.put("v", randomValue(random, 0));
      assertRoundTrip(tree);
    }
  }

  @Test
  void numbersAreWrittenLikeJavaScript() {
    assertEquals("0.1", JsNumbers.format(0.1));
    assertEquals("1e-7", JsNumbers.format(1e-7));
    assertEquals("0.000001", JsNumbers.format(1e-6));
    assertEquals("1e+21", JsNumbers.format(1e21));
    assertEquals("123456789012345680000", JsNumbers.format(1.2345678901234568e20));
    assertEquals("-2.5", JsNumbers.format(-2.5));
    assertEquals("1.7976931348623157e+308", JsNumbers.format(Double.MAX_VALUE));
    assertEquals("42", JsNumbers.format(42L));
  }

  private void assertRoundTrip(Map<String, Object> tree) {
    String yaml = YamlWriter.write(tree);
    Object back;
    try {
      back = reader.read(Format.YAML, yaml.getBytes(StandardCharsets.UTF_8), "t.yaml");
    } catch (RuntimeException e) {
      throw new AssertionError(e.getMessage() + " in:\n" + yaml, e);
    }
    assertEquals(tree, back, () -> "YAML round trip failed for:\n" + yaml);
    String json = JsonWriter.write(tree);
    Object backJson = reader.read(Format.JSON, json.getBytes(StandardCharsets.UTF_8), "t.json");
    assertEquals(tree, backJson, () -> "JSON round trip failed for:\n" + json);
  }

  private static String randomString(Random random) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 4 ? 5 : 8);
    switch (kind) {
      case 0: return null;
      case 1: return random.nextBoolean();
      case 2: return (long) random.nextInt(2000) - 1000;
      case 3: return random.nextInt(1000) + 0.5;
      case 4: return randomString(random);
      case 5: case 6: {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          m.put(randomString(random) + i, randomValue(random, depth + 1));
        }
        return m;
      }
      default: {
        List<Object> l = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          l.add(randomValue(random, depth + 1));
        }
        return l;
      }
    }
  }
}
