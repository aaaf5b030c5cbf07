package dev.quire.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.store.Store;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web view in a real browser: headless Chromium (Debian's {@code chromium}, which
 * {@code .ci/run} installs) loads the pages from 127.0.0.1, and the DOM it built is checked;
 * the conversation page's screenshot is kept in {@code target/web-view/}. Skipped, saying why,
 * on a machine without Chromium.
 */
class BrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  /** Chromium, headless, with a fresh profile and none of its own traffic; its output, bounded in time. */
  private String chromium(String... args) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + " on this machine (apt-get install chromium)");
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.log").toFile()).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    assertEquals(0, p.exitValue(), () -> "chromium failed: " + readLog());
    return new String(out, StandardCharsets.UTF_8);
  }

  private String readLog() {
    try {
      return Files.readString(dir.resolve("chromium.log"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @Test
  void chromiumShowsTheConversationsAndATranscriptWhoseScriptIsTextAndTakesAScreenshot() throws Exception {
    try (Store store = WebViewTest.chatStore(dir.resolve("s"));
        StoreServer server = StoreServer.start(store, "team", new StoreServer.Options("127.0.0.1", 0, List.of(), null, null))) {
      String base = "http://127.0.0.1:" + server.address().getPort();

      String list = chromium("--dump-dom", base + "/");
      assertTrue(list.contains("<h1>Conversations</h1>"), "the redirect to /conversations was followed: " + list);
      assertTrue(list.contains("Chat &lt;b&gt;59&lt;/b&gt;") && list.contains("Chat &lt;b&gt;10&lt;/b&gt;")
          && !list.contains("Chat &lt;b&gt;9&lt;/b&gt;"), "the first page: 50 titles, as text");

      String page = chromium("--dump-dom", base + "/conversations/c59");
      assertTrue(page.contains("<title>Chat &lt;b&gt;59&lt;/b&gt; · s · Quire</title>"), "the title was not changed by the prompt's script");
      assertTrue(page.contains("<h1>Chat &lt;b&gt;59&lt;/b&gt;</h1>"));
      assertTrue(page.contains("Why does &lt;script&gt;document.title='pwned'&lt;/script&gt; not run?"), "the script is text");
      assertFalse(page.contains("<script"), "no script element in the DOM");
      assertTrue(page.contains("Because it is <strong>escaped</strong>.") && page.contains("<td>parse</td>"), "the transcript");
      assertTrue(page.contains("notes.pdf") && page.contains("question 1"));

      Path shots = Files.createDirectories(Path.of("target/web-view"));
      Path shot = shots.resolve("conversation.png");
      Files.deleteIfExists(shot);
      chromium("--screenshot=" + shot.toAbsolutePath(), "--window-size=1280,900", "--hide-scrollbars", base + "/conversations/c59");
      byte[] png = Files.readAllBytes(shot);
      assertEquals("\u0089PNG", new String(png, 0, 4, StandardCharsets.ISO_8859_1), "a PNG");
      ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
      assertEquals(1280, header.getInt(), "its width");
      assertEquals(900, header.getInt(), "its height");
      assertTrue(png.length > 20_000, "more than a blank page: " + png.length + " bytes");
    }
  }
}
