package dev.quire.schema;

import dev.quire.codec.JsonText;
import dev.quire.model.EntityType;
import dev.quire.model.Field;
import dev.quire.model.ObjectShape;
import dev.quire.model.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the JSON Schema (2020-12) of an entity type's files at a schema version, from the
 * entity model ({@link dev.quire.model.EntityTypes}) — the files in {@code schema/vN/} are this
 * class's output, checked in and packaged, and {@code quire validate} validates against them.
 * Known fields are typed strictly (dates as ISO-8601 strings, ids non-empty, set-like lists
 * with unique items, required fields required); every object stays open to unknown fields,
 * because LiteChat adds fields and Quire keeps them.
 */
public final class SchemaGenerator {
  private SchemaGenerator() {}

  /** Dates as Quire writes them and LiteChat reads them: ISO-8601 with a zone. */
  static final String DATE_PATTERN =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$";

  /** The schema's {@code $id}. */
  public static String id(EntityType type, int version) {
    return "https://quire.dev/schema/v" + version + "/" + type.folder() + ".schema.json";
  }

  /** The schema document, as the text of its file. */
  public static String generate(EntityType type, int version) {
    Map<String, Object> defs = new LinkedHashMap<>();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", id(type, version));
    root.put("title", type.shape().name() + " (LiteChat table " + type.table() + "), Quire schema v" + version);
    root.put("description", "One file of " + "v" + version + "/" + type.folder() + "/ in a Quire store."
        + " Generated from Quire's entity model; unknown fields are allowed and kept.");
    root.putAll(object(type.shape(), defs, type.idField()));
    if (version >= dev.quire.layout.Attachments.SINCE && defs.get("AttachedFile") instanceof Map<?, ?> file) {
      // v2: the content of an attachment is a file named by its SHA-256 (Attachments)
      @SuppressWarnings("unchecked")
      Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) file).get("properties");
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("type", "string");
      ref.put("pattern", "^[0-9a-f]{64}$");
      ref.put("description", "SHA-256 of the content, stored in attachments/<sha256>.bin next to this file");
      properties.put(dev.quire.layout.Attachments.REF, ref);
    }
    if (!defs.isEmpty()) {
      root.put("$defs", defs);
    }
    return JsonText.of(root);
  }

  private static Map<String, Object> object(ObjectShape shape, Map<String, Object> defs, String idField) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "object");
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Field f : shape.fields()) {
      Map<String, Object> s = shape(f.shape(), defs);
      if (f.name().equals(idField)) {
        s = new LinkedHashMap<>(s);
        s.put("minLength", 1);
      }
      if (f.secret()) {
        s = new LinkedHashMap<>(s);
        s.put("description", "a secret: in a store, a reference secret:<folder>/<id>/<field>, never the value");
      }
      properties.put(f.name(), f.nullable() ? nullable(s) : s);
      if (f.required() || f.name().equals(idField)) {
        required.add(f.name());
      }
    }
    out.put("properties", properties);
    if (!required.isEmpty()) {
      out.put("required", required);
    }
    return out;
  }

  private static Map<String, Object> nullable(Map<String, Object> s) {
    if (s.isEmpty()) {
      return s; // anything, null included
    }
    if (s.get("type") instanceof String type) { // ["string", "null"]: one message when it fails
      Map<String, Object> out = new LinkedHashMap<>(s);
      out.put("type", List.of(type, "null"));
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("anyOf", List.of(s, Map.of("type", "null")));
    return out;
  }

  private static Map<String, Object> shape(Shape shape, Map<String, Object> defs) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (shape instanceof ObjectShape o) {
      if (!defs.containsKey(o.name())) {
        defs.put(o.name(), Map.of()); // placeholder: recursive shapes refer to themselves
        defs.put(o.name(), object(o, defs, null));
      }
      out.put("$ref", "#/$defs/" + o.name());
    } else if (shape instanceof Shape.ListOf l) {
      out.put("type", "array");
      Map<String, Object> items = shape(l.element(), defs);
      if (!items.isEmpty()) {
        out.put("items", items);
      }
      if (l.set()) {
        out.put("uniqueItems", true);
      }
    } else if (shape instanceof Shape.MapOf m) {
      out.put("type", "object");
      Map<String, Object> values = shape(m.value(), defs);
      if (!values.isEmpty()) {
        out.put("additionalProperties", values);
      }
    } else {
      switch ((Shape.Scalar) shape) {
        case STRING -> out.put("type", "string");
        case NUMBER -> out.put("type", "number");
        case BOOLEAN -> out.put("type", "boolean");
        case DATE -> {
          out.put("type", "string");
          out.put("pattern", DATE_PATTERN);
        }
        default -> { } // ANY: any JSON value
      }
    }
    return out;
  }
}
