package dev.quire.exchange;

import dev.quire.codec.JsonText;
import dev.quire.model.Dates;
import dev.quire.model.Entity;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

/**
 * Writes a {@code FullExportData} document key by key and entity by entity, so that an export
 * of any size never exists as one string, in exactly the text {@code JSON.stringify(data, null,
 * 2)} gives.
 */
final class ExportWriter {
  private final Writer out;

  ExportWriter(Writer out, Instant exportedAt) {
    this.out = out;
    write("{\n  \"version\": 1,\n  \"exportedAt\": " + JsonText.quote(Dates.format(exportedAt)));
  }

  /** A key whose value is a whole tree (settings, MCP servers). */
  void value(String key, Object value) {
    write(",\n  " + JsonText.quote(key) + ": " + JsonText.fragment(value, 2));
  }

  /** A key whose value is a list of entities. */
  void array(String key, List<Entity> entities) {
    write(",\n  " + JsonText.quote(key));
    if (entities.isEmpty()) {
      write(": []");
      return;
    }
    write(": [\n");
    for (int i = 0; i < entities.size(); i++) {
      write("    ");
      write(JsonText.fragment(entities.get(i).fields(), 4));
      write(i < entities.size() - 1 ? ",\n" : "\n");
    }
    write("  ]");
  }

  void end() {
    write("\n}\n");
    try {
      out.flush();
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot write the export: " + e.getMessage(), e);
    }
  }

  private void write(String s) {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new dev.quire.StoreException("cannot write the export: " + e.getMessage(), e);
    }
  }
}
