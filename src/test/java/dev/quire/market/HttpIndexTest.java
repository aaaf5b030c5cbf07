package dev.quire.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.quire.MalformedFileException;
import dev.quire.model.EntityTypes;
import dev.quire.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LiteChat's HTTP marketplace (an index JSON and package JSONs) as a source, served by the JDK's HTTP server on loopback. */
class HttpIndexTest {
  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, String> files = new ConcurrentHashMap<>();
  private final Map<String, String> headers = new ConcurrentHashMap<>();
  private String base;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      headers.put("accept", String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
      headers.put("cache-control", String.valueOf(exchange.getRequestHeaders().getFirst("Cache-Control")));
      String body = files.get(exchange.getRequestURI().getPath());
      byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(bytes);
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    files.put("/marketplace/index.json", "{\"name\": \"LiteChat community\", \"description\": \"d\", \"version\": \"1.0.0\","
        + " \"lastUpdated\": \"2026-11-01T00:00:00Z\", \"items\": [{\"id\": \"tidy\", \"name\": \"Tidy answers\","
        + " \"type\": \"rule\", \"description\": \"Short answers\", \"version\": \"1.2.0\", \"lastUpdated\": \"2026-11-01T00:00:00Z\","
        + " \"downloadUrl\": \"packages/tidy.json\", \"category\": \"style\"}]}");
    files.put("/marketplace/packages/tidy.json", "{\"id\": \"tidy\", \"name\": \"Tidy answers\", \"type\": \"rule\","
        + " \"metadata\": {\"id\": \"tidy\", \"name\": \"Tidy answers\", \"type\": \"rule\", \"version\": \"1.2.0\"},"
        + " \"content\": {\"rules\": [{\"id\": \"rTidy\", \"name\": \"Tidy\", \"type\": \"system\", \"content\": \"Be brief.\"}],"
        + " \"mcpServers\": [{\"id\": \"mcp-tidy\", \"name\": \"Tidy tools\", \"url\": \"http://127.0.0.1:3998/sse\", \"enabled\": false}]}}");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anIndexIsASourceLikeAnyOtherWithTheSameCommitOnEveryDevice() {
    String url = base + "/marketplace/index.json";
    String commit;
    try (Store store = Store.init(dir.resolve("a"))) {
      Marketplace market = Marketplace.of(store);
      market.addSource("litechat", url, null);
      Catalog c = market.refresh("litechat");
      assertEquals("application/json", headers.get("accept"));
      assertEquals("no-cache", headers.get("cache-control"));
      assertEquals("LiteChat community", c.metadata().get("name"));
      assertEquals(List.of("mcp-servers/mcp-tidy", "rules/rTidy"), c.find("tidy").entities().stream().sorted().toList());
      market.install("litechat", "tidy", null, Installer.Options.defaults());
      assertEquals("Be brief.", store.require(EntityTypes.RULES, "rTidy").getString("content"));
      commit = store.require(EntityTypes.INSTALLED_ITEMS, "litechat_tidy").getString("commit");
      assertEquals("style", market.show("litechat", "tidy", null).metadata().get("category"), "fields LiteChat drops are kept");
    }
    try (Store other = Store.init(dir.resolve("b"))) {
      Marketplace market = Marketplace.of(other);
      market.addSource("litechat", url, null);
      assertEquals(commit, market.refresh("litechat").commit(), "the same index, the same commit");
    }
  }

  @Test
  void packagesThatFailLiteChatsChecksOrCarryUnsafeIdsAreRefused() {
    try (Store store = Store.init(dir.resolve("s"))) {
      Marketplace market = Marketplace.of(store);
      market.addSource("litechat", base + "/marketplace/index.json", null);
      files.put("/marketplace/packages/tidy.json", "{\"id\": \"tidy\", \"name\": \"Tidy\", \"type\": \"rule\","
          + " \"metadata\": {\"id\": \"other\"}, \"content\": {}}");
      MalformedFileException mismatch = assertThrows(MalformedFileException.class, () -> market.refresh("litechat"));
      assertTrue(mismatch.getMessage().contains("metadata.id equal to the item's id"), mismatch.getMessage());
      files.put("/marketplace/packages/tidy.json", "{\"id\": \"tidy\", \"name\": \"Tidy\", \"type\": \"rule\","
          + " \"metadata\": {\"id\": \"tidy\"}, \"content\": {\"rules\": [{\"id\": \"../../escape\", \"name\": \"x\"}]}}");
      MalformedFileException unsafe = assertThrows(MalformedFileException.class, () -> market.refresh("litechat"));
      assertTrue(unsafe.getMessage().contains("\"../../escape\" is not a safe id"), unsafe.getMessage());
      files.put("/marketplace/index.json", "{\"name\": \"no items\"}");
      MalformedFileException bad = assertThrows(MalformedFileException.class, () -> market.refresh("litechat"));
      assertTrue(bad.getMessage().contains("name, version and an items array"), bad.getMessage());
      assertEquals(List.of(), market.installed());
    }
  }
}
