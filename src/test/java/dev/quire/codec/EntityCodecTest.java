package dev.quire.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import dev.quire.StoreException;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.model.Field;
import dev.quire.model.ObjectShape;
import dev.quire.model.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EntityCodecTest {
  private final EntityCodec codec = new EntityCodec();

  // ---- canonical text ----------------------------------------------------------------

  @Test
  void interactionYamlIsExactlyTheGoldenFile() throws IOException {
    assertEquals(golden("interaction.yaml"), codec.encodeToString(Fixtures.interaction(), Format.YAML));
  }

  @Test
  void interactionJsonIsExactlyTheGoldenFile() throws IOException {
    assertEquals(golden("interaction.json"), codec.encodeToString(Fixtures.interaction(), Format.JSON));
  }

  @Test
  void workflowYamlIsExactlyTheGoldenFile() throws IOException {
    assertEquals(golden("workflow.yaml"), codec.encodeToString(Fixtures.workflow(), Format.YAML));
  }

  @Test
  void conversationYamlIsExactlyTheGoldenFile() throws IOException {
    assertEquals(golden("conversation.yaml"), codec.encodeToString(Fixtures.conversation(), Format.YAML));
  }

  @Test
  void settingYamlIsExactlyTheGoldenFile() throws IOException {
    assertEquals(golden("setting.yaml"), codec.encodeToString(Fixtures.setting(), Format.YAML));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void goldenFilesDecodeToTheSameEntityAndReencodeByteForByte(Format format) throws IOException {
    for (String name : List.of("interaction", "workflow", "conversation", "setting")) {
      if (format == Format.JSON && !name.equals("interaction")) {
        continue;
      }
      byte[] bytes = golden(name + format.extension()).getBytes(StandardCharsets.UTF_8);
      EntityType type = switch (name) {
        case "interaction" -> EntityTypes.INTERACTIONS;
        case "workflow" -> EntityTypes.WORKFLOWS;
        case "conversation" -> EntityTypes.CONVERSATIONS;
        default -> EntityTypes.SETTINGS;
      };
      Entity decoded = codec.decode(type, format, bytes, name);
      assertArrayEquals(bytes, codec.encode(decoded, format), name);
    }
  }

  @Test
  void yamlAndJsonDecodeToTheSameEntity() {
    Entity e = Fixtures.interaction();
    Entity fromYaml = codec.decode(EntityTypes.INTERACTIONS, Format.YAML, codec.encode(e, Format.YAML), "a.yaml");
    Entity fromJson = codec.decode(EntityTypes.INTERACTIONS, Format.JSON, codec.encode(e, Format.JSON), "a.json");
    assertEquals(e, fromYaml);
    assertEquals(e, fromJson);
  }

  @Test
  void fieldOrderInTheInputDoesNotChangeTheBytes() {
    String a = "id: r1\nname: N\ncontent: C\nzz: 1\naa: 2\n";
    String b = "aa: 2\ncontent: C\nzz: 1\nname: N\nid: r1\n";
    assertEquals(codec.encodeToString(decode(EntityTypes.RULES, a), Format.YAML),
        codec.encodeToString(decode(EntityTypes.RULES, b), Format.YAML));
  }

  @ParameterizedTest(name = "[{index}]")
  @CsvSource(delimiter = '|', value = {
      "1.4.0      | '\"1.4.0\"'", "007 | '\"007\"'", "1e3 | '\"1e3\"'", "0x1F | '\"0x1F\"'",
      "true | '\"true\"'", "null | '\"null\"'", "~ | '\"~\"'", "yes | '\"yes\"'",
      "No | '\"No\"'", "'' | '\"\"'", "-5 | '\"-5\"'", "+1 | '\"+1\"'", ".5 | '\".5\"'",
      ".inf | '\".inf\"'", "12:30 | '\"12:30\"'", "1_000 | '\"1_000\"'",
      "2025-03-01 | '\"2025-03-01\"'", "'a: b' | '\"a: b\"'", "'a #b' | '\"a #b\"'",
      "'- x' | '\"- x\"'", "'#x' | '\"#x\"'", "'&x' | '\"&x\"'", "'*x' | '\"*x\"'",
      "'!x' | '\"!x\"'", "'x:' | '\"x:\"'", "' x' | '\" x\"'", "'x ' | '\"x \"'",
      "--- | '\"---\"'", "a#b | a#b", "http://x/y | http://x/y", "plain text | plain text",
      "ünïcödé | ünïcödé"})
  void stringsThatLookLikeOtherTypesAreQuotedAndStayStrings(String value, String written) {
    Entity setting = Entity.of(EntityTypes.SETTINGS, Map.of("key", "k", "value", value));
    String yaml = codec.encodeToString(setting, Format.YAML);
    assertEquals("key: k\nvalue: " + written + "\n", yaml);
    assertEquals(value, decode(EntityTypes.SETTINGS, yaml).get("value"));
  }

  @Test
  void multiLineStringsUseTheRightChompingAndIndentation() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("a\nb", "value: |-\n  a\n  b\n");
    cases.put("a\nb\n", "value: |\n  a\n  b\n");
    cases.put("a\nb\n\n", "value: |+\n  a\n  b\n\n");
    cases.put("  indented\nnext", "value: |2-\n    indented\n  next\n");
    cases.put("\nleading blank", "value: |-\n\n  leading blank\n");
    cases.put("trailing spaces  \nkept", "value: |-\n  trailing spaces  \n  kept\n");
    cases.put("x".repeat(81), "value: |-\n  " + "x".repeat(81) + "\n");
    cases.put("x".repeat(80), "value: " + "x".repeat(80) + "\n");
    cases.put("\n", "value: \"\\n\"\n");
    cases.put("bell\u0007\nline", "value: \"bell\\u0007\\nline\"\n");
    cases.put("cr\r\nlf", "value: \"cr\\r\\nlf\"\n");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Entity e = Entity.of(EntityTypes.SETTINGS, Map.of("key", "k", "value", c.getKey()));
      String yaml = codec.encodeToString(e, Format.YAML);
      assertEquals("key: k\n" + c.getValue(), yaml, c.getKey());
      assertEquals(c.getKey(), decode(EntityTypes.SETTINGS, yaml).get("value"));
    }
  }

  @Test
  void jsonIsWrittenLikeJsonStringify() {
    Entity e = Entity.of(EntityTypes.SETTINGS, Map.of("key", "k", "value",
        Map.of("list", List.of(1, 2.5, "t\u0001\u2028"), "empty", List.of(), "obj", Map.of())));
    assertEquals("{\n  \"key\": \"k\",\n  \"value\": {\n    \"empty\": [],\n    \"list\": [\n"
        + "      1,\n      2.5,\n      \"t\\u0001\u2028\"\n    ],\n    \"obj\": {}\n  }\n}\n",
        codec.encodeToString(e, Format.JSON));
  }

  // ---- every type, both formats, unknown fields everywhere ---------------------------

  static Stream<Arguments> everyTypeAndFormat() {
    return EntityTypes.all().stream()
        .flatMap(t -> Stream.of(Format.values()).map(f -> Arguments.of(t, f)));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("everyTypeAndFormat")
  void everyTypeRoundTripsWithUnknownFieldsAtEveryDepth(EntityType type, Format format) {
    Map<String, Object> raw = sample(type.shape(), 0);
    raw.put("fromTheFuture", Map.of("nested", List.of(Map.of("deeper", "kept", "n", 1.25))));
    Entity entity = Entity.of(type, raw);
    byte[] bytes = codec.encode(entity, format);
    Entity back = codec.decode(type, format, bytes, "x" + format.extension());
    assertEquals(entity, back);
    assertArrayEquals(bytes, codec.encode(back, format));
    Format other = format == Format.YAML ? Format.JSON : Format.YAML;
    assertEquals(entity, codec.decode(type, other, codec.encode(entity, other), "y"));
    assertTrue(back.getMap("fromTheFuture") != null);
  }

  /** A value for every known field (and an unknown one in every object), from the shapes. */
  private static Map<String, Object> sample(ObjectShape shape, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Field f : shape.fields()) {
      if (depth > 1 && f.shape() instanceof ObjectShape) {
        continue; // the recursive workflow step: two levels are enough
      }
      out.put(f.name(), sampleValue(f.shape(), f.name(), depth));
    }
    out.put("x-extra-" + shape.name(), List.of("unknown", 1, true));
    return out;
  }

  private static Object sampleValue(Shape shape, String name, int depth) {
    if (shape instanceof ObjectShape o) {
      return sample(o, depth + 1);
    }
    if (shape instanceof Shape.ListOf l) {
      return List.of(sampleValue(l.element(), name, depth), sampleValue(l.element(), name + "2", depth));
    }
    if (shape instanceof Shape.MapOf m) {
      return Map.of("k1", sampleValue(m.value(), name, depth), "unknownKey", sampleValue(m.value(), name, depth));
    }
    return switch ((Shape.Scalar) shape) {
      case STRING -> name + " value\nwith a second line";
      case NUMBER -> 42.5;
      case BOOLEAN -> true;
      case DATE -> "2025-03-01T12:34:56.789Z";
      case ANY -> Map.of("any", List.of("x", 2, Map.of("deep", true)));
    };
  }

  // ---- refusals ------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedInputs")
  void malformedInputIsRefusedWithPathLineAndColumn(String label, Format format, String text, String message) {
    if (message == null) {
      codec.decode(EntityTypes.RULES, format, text.getBytes(StandardCharsets.UTF_8), "ok");
      return;
    }
    StoreException e = assertThrows(StoreException.class, () ->
        codec.decode(EntityTypes.RULES, format, text.getBytes(StandardCharsets.UTF_8), "v1/rules/r1" + format.extension()));
    assertEquals(message, e.getMessage());
  }

  static Stream<Arguments> malformedInputs() {
    String y = "v1/rules/r1.yaml";
    String j = "v1/rules/r1.json";
    return Stream.of(
        Arguments.of("unclosed flow", Format.YAML, "id: r1\nname: [unclosed\n",
            y + ":3:1: invalid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>"),
        Arguments.of("duplicate key", Format.YAML, "id: r1\nname: x\nname: y\n",
            y + ":3: duplicate key \"name\"; keep only one of them"),
        Arguments.of("alias", Format.YAML, "id: r1\nname: &a x\nother: *a\n",
            y + ":3:8: YAML aliases (*a) are not allowed; write the value out in full"),
        Arguments.of("anchor on a single value", Format.YAML, "id: r1\nname: &a x\n",
            y + ":2:7: YAML anchors (&a) are not allowed; write the value out in full"),
        Arguments.of("ampersand in text is fine", Format.YAML, "id: r1\nname: Q&A\ncontent: \"&x\"\n",
            null),
        Arguments.of("alias of a list", Format.YAML, "id: r1\nlist: &l [1]\nother: *l\n",
            y + ":2:7: YAML anchors (&l) are not allowed; write the value out in full"),
        Arguments.of("anchor on a map", Format.YAML, "id: r1\nmeta: &m\n  a: 1\n",
            y + ":2:7: YAML anchors (&m) are not allowed; write the value out in full"),
        Arguments.of("tag", Format.YAML, "id: r1\nname: !!str 12\n",
            y + ":2:7: YAML tags (!!str) are not allowed; quote the value if it must stay text"),
        Arguments.of("custom tag", Format.YAML, "id: r1\nname: !java.io.File x\n",
            y + ":2:7: YAML tags (!java.io.File) are not allowed; quote the value if it must stay text"),
        Arguments.of("two documents", Format.YAML, "id: r1\nname: x\n---\nid: r2\n",
            y + ":4:1: the file holds more than one document; an entity file holds exactly one"),
        Arguments.of("tab indentation", Format.YAML, "id: r1\n\tname: x\n",
            y + ":2:1: invalid YAML: while scanning for the next token: found character '\\t(TAB)'"
                + " that cannot start any token. (Do not use \\t(TAB) for indentation)"),
        Arguments.of("NaN", Format.YAML, "id: r1\nname: .nan\n",
            y + ":2:7: \".nan\" is not a finite number; JSON has no infinities or NaN (quote it to keep it as text)"),
        Arguments.of("bad JSON", Format.JSON, "{\"id\": \"r1\", \"name\": }",
            j + ":1:22: invalid JSON: Unexpected character ('}' (code 125)): expected a value"),
        Arguments.of("duplicate JSON key", Format.JSON, "{\"id\": \"r1\", \"name\": \"a\", \"name\": \"b\"}",
            j + ":1:27: duplicate key \"name\"; keep only one of them"),
        Arguments.of("two JSON documents", Format.JSON, "{\"id\": \"r1\"} {\"id\": \"r2\"}",
            j + ":1:14: the file holds more than one document; an entity file holds exactly one"),
        Arguments.of("a list", Format.JSON, "[1, 2]",
            j + ":1: expected the fields of one Rule (a YAML or JSON object), found a list"),
        Arguments.of("empty", Format.YAML, "",
            y + ":1: expected the fields of one Rule (a YAML or JSON object), found an empty file"),
        Arguments.of("missing id", Format.YAML, "name: x\n",
            y + ": $.id: missing; every Rule needs id"),
        Arguments.of("id of the wrong type", Format.YAML, "id: 12\nname: x\n",
            y + ":1: $.id: expected a string, found a number (12)"),
        Arguments.of("not a date", Format.YAML, "id: r1\nname: x\ncreatedAt: yesterday\n",
            y + ":3: $.createdAt: not a date: \"yesterday\" (write an ISO-8601 date such as"
                + " 2025-03-01T12:34:56.789Z, or epoch milliseconds)"),
        Arguments.of("boolean of the wrong type", Format.JSON, "{\n  \"id\": \"r1\",\n  \"name\": \"x\",\n  \"alwaysOn\": \"yes\"\n}",
            j + ":4: $.alwaysOn: expected true or false, found a string (\"yes\")"));
  }

  @Test
  void wrongTypeDeepInAWorkflowNamesTheStepAndTheLine() {
    String text = "id: w1\nname: W\nsteps:\n  - id: s1\n    type: trigger\n  - id: s2\n"
        + "    type: prompt\n  - id: s3\n    type: 42\n";
    InvalidEntityException e = assertThrows(InvalidEntityException.class, () -> codec.decode(
        EntityTypes.WORKFLOWS, Format.YAML, text.getBytes(StandardCharsets.UTF_8), "v1/workflows/w1.yaml"));
    assertEquals("v1/workflows/w1.yaml:9: $.steps[2].type: expected a string, found a number (42)", e.getMessage());
    assertEquals(9, e.line());
    assertEquals("$.steps[2].type", e.fieldPath());
  }

  @Test
  void filesOverTheSizeLimitAreRefusedBeforeParsing() {
    EntityCodec small = new EntityCodec(CodecLimits.DEFAULT.withMaxFileBytes(1024));
    byte[] big = ("id: r1\ncontent: " + "x".repeat(2000) + "\n").getBytes(StandardCharsets.UTF_8);
    MalformedFileException e = assertThrows(MalformedFileException.class,
        () -> small.decode(EntityTypes.RULES, Format.YAML, big, "v1/rules/r1.yaml"));
    assertEquals("v1/rules/r1.yaml: the file is 2017 bytes, larger than the limit of 1024 bytes;"
        + " move large content (such as attachments) out of it or raise the limit", e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void nestingBeyondTheLimitIsRefused(Format format) {
    String text = format == Format.JSON
        ? "{\"id\": \"k\", \"value\": " + "[".repeat(70) + "]".repeat(70) + "}"
        : "key: k\nvalue: " + "[".repeat(70) + "]".repeat(70) + "\n";
    MalformedFileException e = assertThrows(MalformedFileException.class, () ->
        codec.decode(EntityTypes.SETTINGS, format, text.getBytes(StandardCharsets.UTF_8), "s"));
    assertTrue(e.getMessage().contains("64"), e.getMessage());
    assertTrue(e.line() > 0, "names the line");
  }

  @Test
  void billionLaughsIsRefusedAtTheFirstAnchor() {
    String text = "id: r1\na: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n";
    MalformedFileException e = assertThrows(MalformedFileException.class, () ->
        codec.decode(EntityTypes.RULES, Format.YAML, text.getBytes(StandardCharsets.UTF_8), "bomb.yaml"));
    assertEquals(2, e.line());
  }

  private Entity decode(EntityType type, String yaml) {
    return codec.decode(type, Format.YAML, yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = EntityCodecTest.class.getResourceAsStream("/golden/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
