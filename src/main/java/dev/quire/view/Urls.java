package dev.quire.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The addresses of the web view's pages, each path segment percent-encoded. */
final class Urls {
  private Urls() {}

  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String conversation(String id) {
    return "/conversations/" + segment(id);
  }

  static String entity(String folder, String id) {
    return "/types/" + segment(folder) + "/" + segment(id);
  }

  static String diff(String folder, String id, String from, String to) {
    return entity(folder, id) + "/diff?" + (from == null ? "" : "from=" + from + "&") + "to=" + to;
  }
}
