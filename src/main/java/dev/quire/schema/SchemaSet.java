package dev.quire.schema;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.quire.codec.JsonText;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of one schema version, as packaged in the jar ({@code /schema/vN/<type>.schema.json}),
 * ready to validate parsed entity files. Thread-safe.
 */
public final class SchemaSet {
  /** The newest schema version this software knows; new stores are created at it. */
  public static final int NEWEST = 2;

  /** One way a value does not fit its schema: the JSON path of the value and what is wrong. */
  public record Violation(String path, String message) {}

  private static final Map<Integer, SchemaSet> LOADED = new ConcurrentHashMap<>();

  private final int version;
  private final Map<EntityType, Schema> schemas = new ConcurrentHashMap<>();
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private SchemaSet(int version) {
    this.version = version;
  }

  /** The schemas of version {@code version}. */
  public static SchemaSet forVersion(int version) {
    if (version < 1 || version > NEWEST) {
      throw new IllegalArgumentException("no schemas for version " + version + "; this Quire knows v1 to v" + NEWEST);
    }
    return LOADED.computeIfAbsent(version, SchemaSet::new);
  }

  public int version() {
    return version;
  }

  /** The text of a type's schema file as packaged. */
  public static String text(EntityType type, int version) {
    String resource = "/schema/v" + version + "/" + type.folder() + ".schema.json";
    try (InputStream in = SchemaSet.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + resource + "; build it with mvn package");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot read " + resource + " from the jar: " + e.getMessage() + "; rebuild it with mvn package", e);
    }
  }

  /**
   * A JSON pointer ({@code /steps/2/type}) as the field path Quire's messages use
   * ({@code $.steps[2].type}); numbers are list indexes where the value is a list.
   */
  static String fieldPath(String pointer, Object tree) {
    if (pointer.startsWith("$")) {
      return pointer;
    }
    String path = "$";
    Object at = tree;
    if (pointer.isEmpty() || pointer.equals("/")) {
      return path;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      String key = raw.replace("~1", "/").replace("~0", "~");
      if (at instanceof List<?> list && key.matches("[0-9]+")) {
        int i = Integer.parseInt(key);
        path += "[" + i + "]";
        at = i < list.size() ? list.get(i) : null;
      } else {
        path = dev.quire.model.FieldPaths.child(path, key);
        at = at instanceof Map<?, ?> m ? m.get(key) : null;
      }
    }
    return path;
  }

  private Schema schema(EntityType type) {
    return schemas.computeIfAbsent(type, t -> registry.getSchema(text(t, version), InputFormat.JSON));
  }

  /** The violations of a parsed entity file (a plain tree) of {@code type}; empty when it fits. */
  public List<Violation> validate(EntityType type, Object tree) {
    if (!type.isVersioned() && type != EntityTypes.MARKETPLACE_INDEXES) {
      throw new IllegalArgumentException(type + " has no schema");
    }
    List<Violation> out = new ArrayList<>();
    for (Error e : schema(type).validate(JsonText.of(tree), InputFormat.JSON)) {
      String path = fieldPath(e.getInstanceLocation().toString(), tree);
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      if (colon > 0 && message.startsWith("/") || message.startsWith("$")) {
        message = message.substring(colon + 2); // the library repeats the location
      }
      if (message.contains(SchemaGenerator.DATE_PATTERN)) {
        message = "not a date; dates are ISO-8601 with a zone, such as 2025-03-01T12:34:56.789Z";
      }
      out.add(new Violation(path, message));
    }
    // A nullable object that does not fit also fails the "or null" branch: say it once.
    out.removeIf(v -> v.message().endsWith("found, null expected")
        && out.stream().anyMatch(o -> o != v && o.path().equals(v.path())));
    return out;
  }
}
