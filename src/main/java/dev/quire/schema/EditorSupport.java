package dev.quire.schema;

import dev.quire.codec.JsonText;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a store repository needs so that an editor checks and completes its files as they are
 * typed: the schemas of its version under {@code .quire/schema/vN/}, and a
 * {@code .vscode/settings.json} that maps them onto the entity folders for the YAML language
 * server ({@code yaml.schemas}, used by VS Code's Red Hat YAML extension and by other editors
 * through yaml-language-server) and for JSON files ({@code json.schemas}).
 */
public final class EditorSupport {
  private EditorSupport() {}

  /** Folder of the schema copies inside a store. */
  public static final String SCHEMA_DIR = ".quire/schema";

  /** Path → content of the files to commit for a store at {@code version}. */
  public static Map<String, byte[]> files(int version) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    Map<String, Object> yaml = new LinkedHashMap<>();
    List<Object> json = new ArrayList<>();
    for (EntityType t : EntityTypes.versioned()) {
      String schema = SCHEMA_DIR + "/v" + version + "/" + t.folder() + ".schema.json";
      out.put(schema, SchemaSet.text(t, version).getBytes(StandardCharsets.UTF_8));
      String glob = "v" + version + "/" + t.folder() + "/**/*";
      yaml.put(schema, List.of(glob + ".yaml"));
      json.add(Map.of("fileMatch", List.of("/" + glob + ".json"), "url", "./" + schema));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("yaml.schemas", yaml);
    settings.put("json.schemas", json);
    out.put(".vscode/settings.json", JsonText.of(settings).getBytes(StandardCharsets.UTF_8));
    return out;
  }
}
