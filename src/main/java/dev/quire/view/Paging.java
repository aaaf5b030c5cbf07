package dev.quire.view;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/**
 * A page of a long list: which rows ({@code ?offset=}, 50 at a time) and the links to the
 * pages before and after it. A list is asked for one row more than it shows, to know whether
 * there is a next page without counting the rest.
 */
record Paging(String path, int offset, int limit) {
  static final int PAGE = 50;

  static Paging of(HttpServletRequest request, String path) {
    String offset = request.getParameter("offset");
    int n;
    try {
      n = offset == null ? 0 : Integer.parseInt(offset);
    } catch (NumberFormatException e) {
      throw new BadRequest("offset must be a whole number, not \"" + offset + "\"");
    }
    if (n < 0) {
      throw new BadRequest("offset must be 0 or more, not " + n);
    }
    return new Paging(path, n, PAGE);
  }

  /** How many rows to ask for: one more than a page. */
  int ask() {
    return limit + 1;
  }

  /** The rows to show, and in {@code model} the links {@code prev} and {@code next} and the {@code range} shown. */
  <T> List<T> show(List<T> asked, Map<String, Object> model) {
    List<T> rows = asked.size() > limit ? asked.subList(0, limit) : asked;
    model.put("prev", offset == 0 ? null : path + "?offset=" + Math.max(0, offset - limit));
    model.put("next", asked.size() > limit ? path + "?offset=" + (offset + limit) : null);
    model.put("range", rows.isEmpty() ? null : (offset + 1) + "–" + (offset + rows.size()));
    return rows;
  }
}
