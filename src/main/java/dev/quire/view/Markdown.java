package dev.quire.view;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown of prompts and responses as HTML that can be put in a page as it is: CommonMark with
 * GitHub's tables (LLM answers use them a lot), raw HTML in the text escaped (a prompt holding
 * {@code <script>} shows it), and link and image addresses other than http(s), mailto and
 * relative ones removed ({@code javascript:} never becomes a link).
 */
final class Markdown {
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
      .extensions(EXTENSIONS)
      .escapeHtml(true)
      .sanitizeUrls(true)
      .build();

  private Markdown() {}

  /** The HTML of a Markdown text; empty for null. */
  static String html(String markdown) {
    return markdown == null ? "" : RENDERER.render(PARSER.parse(markdown));
  }
}
