package dev.quire.view;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages' Mustache templates ({@code dev/quire/view/*.mustache} on the class path), compiled
 * once each. {@code {{value}}} is HTML-escaped; only HTML this package made itself (rendered
 * Markdown) is put in with {@code {{{value}}}}.
 */
final class Templates {
  private static final MustacheFactory FACTORY = new DefaultMustacheFactory("dev/quire/view");
  private static final Map<String, Mustache> COMPILED = new ConcurrentHashMap<>();

  private Templates() {}

  /** A page: the template {@code name} with the values of {@code model}. */
  static String render(String name, Map<String, Object> model) {
    Mustache m = COMPILED.computeIfAbsent(name, n -> FACTORY.compile(n + ".mustache"));
    StringWriter out = new StringWriter();
    m.execute(out, model);
    return out.toString();
  }

  /** A map of alternating keys and values, nulls allowed (a template shows nothing for them). */
  static Map<String, Object> model(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
