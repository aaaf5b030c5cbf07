package dev.quire.exchange;

import dev.quire.InvalidEntityException;
import dev.quire.codec.CodecLimits;
import dev.quire.codec.JsonStream;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import dev.quire.store.Transaction;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Imports LiteChat's full export ({@code FullExportData}, version 1) into a store as one
 * commit, with LiteChat's semantics: for each selected group present in the file, the group
 * is cleared and then written (prompt templates: only those of type prompt are cleared;
 * agents: only the ids being imported are replaced, so tasks of other agents survive).
 * {@link Mode#MERGE} upserts without clearing anything. Missing ids are generated, dates in
 * any ISO-8601 form or epoch milliseconds are normalized, unknown fields are kept.
 *
 * <p>The whole file is read and checked before anything is written: a file that is not JSON,
 * has another version, or has a value of the wrong shape is refused with the JSON path (and
 * line) of the problem, and the store does not change. The file is streamed, so its size is
 * limited by the entities it holds, not by its text.
 */
public final class FullImport {
  static final String SETTINGS_PREFIX = "settings:";
  static final String MCP_SERVERS_KEY = "settings:mcpServers";

  /** Replace each imported group (LiteChat's import), or upsert into what is there. */
  public enum Mode { REPLACE, MERGE }

  /** What an import did: the new commit (null when nothing changed) and counts by export key. */
  public record Result(String commit, Map<String, Integer> counts, int generatedIds, List<String> ignoredKeys) {
    public Result {
      counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts)); // in LiteChat's order
      ignoredKeys = List.copyOf(ignoredKeys);
    }
  }

  /** The content of an export file, read and checked, nothing written yet. */
  static final class Parsed {
    final Map<String, List<Entity>> lists = new LinkedHashMap<>();
    Map<String, Object> settings;
    List<Object> mcpServers;
    int generatedIds;
    final List<String> ignored = new ArrayList<>();

    Set<ExportGroup> groups() {
      Set<ExportGroup> out = EnumSet.noneOf(ExportGroup.class);
      lists.keySet().forEach(k -> out.add(ExportGroup.ofKey(k).orElseThrow()));
      if (settings != null) {
        out.add(ExportGroup.SETTINGS);
      }
      if (mcpServers != null) {
        out.add(ExportGroup.MCP_SERVERS);
      }
      return out;
    }
  }

  private FullImport() {}

  /**
   * Reads the export from {@code in} and imports the selected groups in one commit.
   *
   * @param source names the file in messages
   * @param only the groups to import (those present in the file are imported)
   * @param progress receives the number of bytes read so far, now and then (may be null)
   */
  public static Result run(Store store, InputStream in, String source, Set<ExportGroup> only,
      Mode mode, LongConsumer progress) {
    Parsed parsed = parse(in, source, only, progress);
    String commit = store.transaction(tx -> {
      apply(tx, parsed, mode);
      tx.message(message(parsed, mode));
    });
    Map<String, Integer> counts = new LinkedHashMap<>();
    if (parsed.settings != null) {
      counts.put("settings", parsed.settings.size());
    }
    parsed.lists.forEach((k, v) -> counts.put(k, v.size()));
    if (parsed.mcpServers != null) {
      counts.put("mcpServers", parsed.mcpServers.size());
    }
    return new Result(commit, counts, parsed.generatedIds, List.copyOf(parsed.ignored));
  }

  private static String message(Parsed parsed, Mode mode) {
    StringBuilder sb = new StringBuilder(mode == Mode.MERGE ? "merge LiteChat export:" : "import LiteChat export:");
    String sep = " ";
    for (ExportGroup g : parsed.groups()) {
      sb.append(sep).append(g.cliName());
      sep = ", ";
    }
    return sb.toString();
  }

  /** Reads and checks the whole file. */
  static Parsed parse(InputStream in, String source, Set<ExportGroup> only, LongConsumer progress) {
    Parsed out = new Parsed();
    Number version = null;
    try (JsonStream json = JsonStream.open(in, source, CodecLimits.DEFAULT)) {
      for (String key; (key = json.nextField()) != null; ) {
        if (key.equals("version")) {
          int line = json.line();
          Object v = json.readValue();
          if (!(v instanceof Number n) || n.doubleValue() != 1) {
            throw new InvalidEntityException(source, line, "$.version", "this is "
                + (v instanceof Number ? "a version " + v : JsonStream.describe(v)) + " export;"
                + " Quire reads LiteChat's full export version 1");
          }
          version = (Number) v;
          continue;
        }
        if (key.equals("exportedAt")) {
          json.readValue();
          continue;
        }
        ExportGroup group = ExportGroup.ofKey(key).orElse(null);
        if (group == null) {
          out.ignored.add(key);
          continue;
        }
        if (!only.contains(group)) {
          continue;
        }
        String path = "$." + key;
        switch (key) {
          case "settings" -> {
            int line = json.line();
            Object v = json.readValue();
            if (!(v instanceof Map<?, ?> m)) {
              throw new InvalidEntityException(source, line, path, "expected an object of setting"
                  + " names and values, found " + JsonStream.describe(v));
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            m.forEach((k, val) -> settings.put((String) k, val));
            out.settings = settings;
          }
          case "mcpServers" -> {
            json.beginArray(path);
            List<Object> servers = new ArrayList<>();
            for (int i = 0; json.nextElement(); i++) {
              int line = json.line();
              Object v = json.readValue();
              if (!(v instanceof Map<?, ?>)) {
                throw new InvalidEntityException(source, line, path + "[" + i + "]",
                    "expected an MCP server object, found " + JsonStream.describe(v));
              }
              servers.add(v);
            }
            out.mcpServers = servers;
          }
          default -> out.lists.put(key, entities(json, source, key, typeOfKey(key), out, progress));
        }
        if (progress != null) {
          progress.accept(json.bytesRead());
        }
      }
    }
    if (version == null) {
      throw new InvalidEntityException(source, "$.version", "missing; a LiteChat full export has"
          + " \"version\": 1");
    }
    return out;
  }

  /** A list element read as a tree, not yet checked. */
  private record Element(Object tree, int line) {}

  /**
   * Reads a list of entities. Elements are read from the stream one by one and checked in
   * batches on all cores (checking costs more than reading); the first bad element in file
   * order is the one reported.
   */
  private static List<Entity> entities(JsonStream json, String source, String key, EntityType type,
      Parsed out, LongConsumer progress) {
    String path = "$." + key;
    json.beginArray(path);
    List<Entity> list = new ArrayList<>();
    List<Element> batch = new ArrayList<>(BATCH);
    while (json.nextElement()) {
      int line = json.line();
      batch.add(new Element(json.readValue(), line));
      if (batch.size() == BATCH) {
        check(batch, list, source, path, type, out);
        if (progress != null) {
          progress.accept(json.bytesRead());
        }
      }
    }
    check(batch, list, source, path, type, out);
    return list;
  }

  private static final int BATCH = 4096;

  private static void check(List<Element> batch, List<Entity> list, String source, String path,
      EntityType type, Parsed out) {
    int first = list.size();
    Object[] results = new Object[batch.size()];
    java.util.stream.IntStream.range(0, batch.size()).parallel().forEach(n -> {
      try {
        results[n] = entity(batch.get(n), source, path + "[" + (first + n) + "]", type);
      } catch (InvalidEntityException e) {
        results[n] = e;
      }
    });
    for (Object r : results) {
      if (r instanceof InvalidEntityException e) {
        throw e;
      }
      Entity e = (Entity) r;
      list.add(e);
    }
    for (Element e : batch) {
      Object id = ((Map<?, ?>) e.tree()).get(type.idField());
      if (id == null || "".equals(id)) {
        out.generatedIds++;
      }
    }
    batch.clear();
  }

  private static Entity entity(Element element, String source, String at, EntityType type) {
    if (!(element.tree() instanceof Map<?, ?> m)) {
      throw new InvalidEntityException(source, element.line(), at, "expected an object, found "
          + JsonStream.describe(element.tree()));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) m;
    Object id = fields.get(type.idField());
    if (id == null || "".equals(id)) {
      fields = new LinkedHashMap<>(fields);
      fields.put(type.idField(), Ids.nanoid());
    }
    return entityAt(type, fields, source, at, element.line());
  }

  /**
   * An entity from a value found at JSON path {@code at} of a document (line 1-based, or 0):
   * a field that does not fit is reported with its full path in the document.
   */
  static Entity entityAt(EntityType type, Map<String, Object> fields, String source, String at, int line) {
    try {
      return Entity.fromTree(type, fields, source);
    } catch (InvalidEntityException e) {
      throw new InvalidEntityException(source, line, e.fieldPath() == null ? at : at + e.fieldPath().substring(1), e.reason());
    }
  }

  static EntityType typeOfKey(String key) {
    return switch (key) {
      case "apiKeys" -> EntityTypes.API_KEYS;
      case "providerConfigs" -> EntityTypes.PROVIDER_CONFIGS;
      case "projects" -> EntityTypes.PROJECTS;
      case "conversations" -> EntityTypes.CONVERSATIONS;
      case "interactions" -> EntityTypes.INTERACTIONS;
      case "rules" -> EntityTypes.RULES;
      case "tags" -> EntityTypes.TAGS;
      case "tagRuleLinks" -> EntityTypes.TAG_RULE_LINKS;
      case "mods" -> EntityTypes.MODS;
      case "syncRepos" -> EntityTypes.SYNC_REPOS;
      case "promptTemplates", "agents" -> EntityTypes.PROMPT_TEMPLATES;
      case "workflows" -> EntityTypes.WORKFLOWS;
      default -> throw new IllegalArgumentException("not an entity list of an export: " + key);
    };
  }

  /** Stages the import in a transaction (run again as is if the transaction is retried). */
  static void apply(Transaction tx, Parsed parsed, Mode mode) {
    boolean replace = mode == Mode.REPLACE;
    for (ExportGroup g : parsed.groups()) {
      switch (g) {
        case SETTINGS -> {
          if (replace) {
            for (Entity s : tx.list(EntityTypes.SETTINGS)) {
              if (s.id().startsWith(SETTINGS_PREFIX) && !s.id().equals(MCP_SERVERS_KEY)) {
                tx.delete(EntityTypes.SETTINGS, s.id());
              }
            }
          }
          parsed.settings.forEach((name, value) -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("key", SETTINGS_PREFIX + name);
            fields.put("value", value);
            tx.put(Entity.of(EntityTypes.SETTINGS, fields));
          });
        }
        case MCP_SERVERS -> {
          List<Object> servers = replace ? parsed.mcpServers : mergeById(tx.mcpServers(), parsed.mcpServers);
          Map<String, Object> fields = new LinkedHashMap<>();
          fields.put("key", MCP_SERVERS_KEY);
          fields.put("value", servers);
          tx.put(Entity.of(EntityTypes.SETTINGS, fields));
        }
        case PROMPT_TEMPLATES -> {
          if (replace) {
            for (Entity t : tx.list(EntityTypes.PROMPT_TEMPLATES)) {
              if (FullExport.isPrompt(t)) {
                tx.delete(EntityTypes.PROMPT_TEMPLATES, t.id());
              }
            }
          }
          putAll(tx, parsed.lists.get("promptTemplates"));
        }
        case AGENTS -> putAll(tx, parsed.lists.get("agents")); // replaces exactly the imported ids
        default -> {
          for (String key : g.keys()) {
            if (replace) {
              tx.clear(typeOfKey(key));
            }
          }
          for (String key : g.keys()) {
            putAll(tx, parsed.lists.get(key));
          }
        }
      }
    }
  }

  private static void putAll(Transaction tx, List<Entity> entities) {
    if (entities != null) {
      entities.forEach(tx::put);
    }
  }

  /** The existing MCP servers with the imported ones added or replaced by id. */
  private static List<Object> mergeById(List<Map<String, Object>> existing, List<Object> imported) {
    Map<Object, Object> byId = new LinkedHashMap<>();
    for (Map<String, Object> s : existing) {
      byId.put(s.get("id"), s);
    }
    for (Object s : imported) {
      byId.put(((Map<?, ?>) s).get("id"), s);
    }
    return new ArrayList<>(byId.values());
  }
}
