package dev.quire.codec;

import dev.quire.MalformedFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.io.ByteArrayInputStream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import dev.quire.model.FieldPaths;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Parses YAML or JSON into a plain value tree (maps, lists, strings, numbers, booleans, null)
 * through Jackson's token stream, never binding to classes. Refuses what an entity file must
 * not contain: more than one document, duplicate keys, YAML anchors, aliases and tags,
 * non-finite numbers, and anything over the size and nesting limits. Every refusal names the
 * line and column.
 */
final class TreeReader {
  private static final java.util.regex.Pattern DUPLICATE =
      java.util.regex.Pattern.compile("Duplicate Object property \"(.*)\"(?s).*");
  private final CodecLimits limits;
  private final LoadSettings yamlSettings;
  private final JsonFactory json;
  private final YAMLFactory yaml;

  TreeReader(CodecLimits limits) {
    this.limits = limits;
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(limits.maxDepth() + 1)
        .maxStringLength((int) limits.maxFileBytes())
        .maxDocumentLength(limits.maxFileBytes())
        .build();
    this.json = JsonFactory.builder().streamReadConstraints(constraints)
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    LoadSettings settings = LoadSettings.builder()
        .setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(0)
        .setCodePointLimit((int) limits.maxFileBytes())
        .setUseMarks(true)
        .build();
    this.yamlSettings = settings;
    this.yaml = YAMLFactory.builder().streamReadConstraints(constraints)
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).loadSettings(settings).build();
  }

  /** Reads one document; null for an empty document. */
  Object read(Format format, byte[] bytes, String source) {
    if (bytes.length > limits.maxFileBytes()) {
      throw new MalformedFileException(source, 0, 0, String.format(Locale.ROOT,
          "the file is %s, larger than the limit of %s; move large content (such as attachments)"
              + " out of it or raise the limit", size(bytes.length), size(limits.maxFileBytes())));
    }
    int seen = Utf8.check(bytes, source);
    try (JsonParser p = factory(format).createParser(ObjectReadContext.empty(), bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return null;
      }
      Object root = value(p, t, source, 1);
      if (p.nextToken() != null) {
        throw refuse(p, source, "the file holds more than one document; an entity file holds"
            + " exactly one");
      }
      if (format == Format.YAML && (seen & Utf8.AMPERSAND) != 0) {
        refuseScalarAnchors(bytes, source);
      }
      if (format == Format.YAML && (seen & Utf8.DOT_I_OR_N) != 0) {
        refusePlainNonFinite(bytes, source);
      }
      return root;
    } catch (JacksonException e) {
      throw malformed(format, e, source);
    }
  }

  /**
   * Reads the value that starts at token {@code t} of a parser positioned by a caller that
   * streams a bigger document ({@link JsonStream}), with the same refusals as {@link #read}.
   */
  Object readValue(JsonParser p, JsonToken t, String source) {
    return value(p, t, source, 1);
  }

  /** The error for a parser failure, with line and column. */
  static MalformedFileException malformedJson(JacksonException e, String source) {
    return malformed(Format.JSON, e, source);
  }

  /**
   * The 1-based line and column where the value at {@code fieldPath} starts, or null. Used
   * to point at a field that parsed but does not fit.
   */
  int[] locate(Format format, byte[] bytes, String fieldPath) {
    try (JsonParser p = factory(format).createParser(ObjectReadContext.empty(), bytes)) {
      JsonToken t = p.nextToken();
      return t == null ? null : find(p, t, "$", fieldPath);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Walks the value starting at token {@code t}; leaves the parser at its end if not found. */
  private static int[] find(JsonParser p, JsonToken t, String path, String target) {
    if (path.equals(target)) {
      return position(p.currentTokenLocation());
    }
    if (t == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String child = FieldPaths.child(path, p.currentName());
        int[] keyAt = position(p.currentTokenLocation());
        JsonToken v = p.nextToken();
        if (child.equals(target)) {
          return keyAt;
        }
        int[] found = target.startsWith(child) ? find(p, v, child, target) : skip(p);
        if (found != null) {
          return found;
        }
      }
    } else if (t == JsonToken.START_ARRAY) {
      JsonToken v;
      for (int i = 0; (v = p.nextToken()) != JsonToken.END_ARRAY; i++) {
        String child = path + "[" + i + "]";
        int[] found = target.startsWith(child) ? find(p, v, child, target) : skip(p);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static int[] skip(JsonParser p) {
    p.skipChildren();
    return null;
  }

  /**
   * Jackson reports anchors on maps and lists but not on single values; those are harmless
   * without aliases, yet a rewrite would silently drop them, so they are refused too. Runs
   * only when the text has an ampersand at all.
   */
  private void refuseScalarAnchors(byte[] bytes, String source) {
    for (Event event : new Parse(yamlSettings).parseInputStream(new ByteArrayInputStream(bytes))) {
      if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
        Mark mark = event.getStartMark().orElse(null);
        throw new MalformedFileException(source, mark == null ? 0 : mark.getLine() + 1,
            mark == null ? 0 : mark.getColumn() + 1, "YAML anchors (&" + node.getAnchor().get()
            + ") are not allowed; write the value out in full");
      }
    }
  }

  /**
   * Jackson reads {@code .inf} as a number (refused above) but {@code -.Inf} or {@code .NaN}
   * as text, though YAML 1.2 makes every one of them a float: those written without quotes
   * are refused too, so a file cannot mean infinity to one reader and text to another. Runs
   * only when the text has {@code .i}, {@code .I}, {@code .n} or {@code .N}.
   */
  private void refusePlainNonFinite(byte[] bytes, String source) {
    for (Event event : new Parse(yamlSettings).parseInputStream(new ByteArrayInputStream(bytes))) {
      if (event instanceof ScalarEvent scalar && scalar.isPlain() && NON_FINITE.matcher(scalar.getValue()).matches()) {
        Mark mark = event.getStartMark().orElse(null);
        throw new MalformedFileException(source, mark == null ? 0 : mark.getLine() + 1,
            mark == null ? 0 : mark.getColumn() + 1, "\"" + scalar.getValue() + "\" is not a finite number;"
            + " JSON has no infinities or NaN (quote it to keep it as text)");
      }
    }
  }

  private TokenStreamFactory factory(Format format) {
    return format == Format.YAML ? yaml : json;
  }

  private Object value(JsonParser p, JsonToken t, String source, int depth) {
    checkYamlFeatures(p, source);
    switch (t) {
      case START_OBJECT: {
        checkDepth(p, source, depth);
        Map<String, Object> map = new LinkedHashMap<>();
        JsonToken next;
        while ((next = p.nextToken()) == JsonToken.PROPERTY_NAME) {
          checkYamlFeatures(p, source);
          String key = p.currentName();
          if (map.containsKey(key)) {
            throw refuse(p, source, "duplicate key \"" + key + "\"; keep only one of them");
          }
          map.put(key, value(p, p.nextToken(), source, depth + 1));
        }
        return Collections.unmodifiableMap(map);
      }
      case START_ARRAY: {
        checkDepth(p, source, depth);
        List<Object> list = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(value(p, next, source, depth + 1));
        }
        return Collections.unmodifiableList(list);
      }
      case VALUE_STRING:
        return p.getString();
      case VALUE_NUMBER_INT: {
        Number n = p.getNumberValue();
        return n instanceof Integer ? (Number) n.longValue() : n;
      }
      case VALUE_NUMBER_FLOAT: {
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
          throw refuse(p, source, "\"" + p.getString() + "\" is not a finite number; JSON has"
              + " no infinities or NaN (quote it to keep it as text)");
        }
        return d;
      }
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw refuse(p, source, "unexpected " + t + "; expected a value");
    }
  }

  /** YAML 1.2's infinities and NaN, in every spelling its core schema has. */
  private static final java.util.regex.Pattern NON_FINITE =
      java.util.regex.Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  private void checkDepth(JsonParser p, String source, int depth) {
    if (depth > limits.maxDepth()) {
      throw refuse(p, source, "nested more than " + limits.maxDepth() + " levels deep");
    }
  }

  private static void checkYamlFeatures(JsonParser p, String source) {
    if (!(p instanceof YAMLParser y)) {
      return;
    }
    if (y.isCurrentAlias()) {
      throw refuse(p, source, "YAML aliases (*" + p.getString() + ") are not allowed;"
          + " write the value out in full");
    }
    Object anchor = y.getObjectId();
    if (anchor != null) {
      throw refuse(p, source, "YAML anchors (&" + anchor + ") are not allowed;"
          + " write the value out in full");
    }
    Object tag = y.getTypeId();
    if (tag != null) {
      throw refuse(p, source, "YAML tags (" + shortTag(tag.toString()) + ") are not allowed;"
          + " quote the value if it must stay text");
    }
  }

  private static String shortTag(String tag) {
    if (tag.startsWith("tag:yaml.org,2002:")) {
      return "!!" + tag.substring(18);
    }
    return tag.startsWith("!") ? tag : "!" + tag;
  }

  private static MalformedFileException refuse(JsonParser p, String source, String reason) {
    int[] at = position(p.currentTokenLocation());
    return new MalformedFileException(source, at[0], at[1], reason);
  }

  private static int[] position(TokenStreamLocation loc) {
    if (loc == null) {
      return new int[] {0, 0};
    }
    return new int[] {Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0)};
  }

  private static MalformedFileException malformed(Format format, JacksonException e, String source) {
    if (e.getCause() instanceof MarkedYamlEngineException y) {
      Mark mark = y.getProblemMark().orElse(y.getContextMark().orElse(null));
      String problem = y.getProblem() == null ? "" : y.getProblem();
      String context = y.getContext() == null ? "" : y.getContext() + ": ";
      return new MalformedFileException(source, mark == null ? 0 : mark.getLine() + 1,
          mark == null ? 0 : mark.getColumn() + 1, "invalid YAML: " + plain(context + problem));
    }
    int[] at = position(e.getLocation());
    String message = e.getOriginalMessage();
    java.util.regex.Matcher dup = DUPLICATE.matcher(message == null ? "" : message);
    if (dup.matches()) { // Jackson's own duplicate detection, where it runs before ours
      return new MalformedFileException(source, at[0], 0,
          "duplicate key \"" + dup.group(1) + "\"; keep only one of them");
    }
    int nl = message == null ? -1 : message.indexOf('\n');
    if (nl >= 0) {
      message = message.substring(0, nl);
    }
    int marker = message == null ? -1 : message.indexOf(" (start marker at ");
    if (marker >= 0) { // Jackson's pointer to where the open list began: noise without the source
      message = message.substring(0, marker);
    }
    return new MalformedFileException(source, at[0], at[1], "invalid " + format.name() + ": " + plain(message));
  }

  private static final java.util.regex.Pattern JAVA_CLASS =
      java.util.regex.Pattern.compile("(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");
  private static final java.util.regex.Pattern CHAR_POSITION =
      java.util.regex.Pattern.compile(" \\(at char #-?\\d+, byte #-?\\d+\\)");

  /** A parser's message for people: no Java class names, no internal offsets; what to do about bad UTF-8. */
  static String plain(String message) {
    if (message == null) {
      return "";
    }
    String out = CHAR_POSITION.matcher(JAVA_CLASS.matcher(message).replaceAll("")).replaceAll("");
    return out.contains("UTF-8") ? out + "; save the file as UTF-8" : out;
  }

  private static String size(long bytes) {
    if (bytes >= 1 << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
    return bytes + " bytes";
  }
}
