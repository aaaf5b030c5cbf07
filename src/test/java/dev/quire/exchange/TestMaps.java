package dev.quire.exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ordered maps written inline in tests: {@code map("id", "r1", "name", "Brief")}. */
public final class TestMaps {
  private TestMaps() {}

  public static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
