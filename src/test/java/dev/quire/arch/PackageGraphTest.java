package dev.quire.arch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages of Quire's main code form a DAG (DESIGN §10): read from the sources, every
 * reference to another {@code dev.quire} package (an import or a qualified name) is an edge.
 * Lower layers do not reach higher ones, and no class grows much past 450 lines.
 */
class PackageGraphTest {
  private static final Path MAIN = Path.of("src/main/java");
  private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.quire(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  /** Comments and string literals, which name packages without depending on them. */
  private static final Pattern NOT_CODE = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

  static SortedMap<String, Set<String>> graph() throws IOException {
    SortedMap<String, Set<String>> edges = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(MAIN)) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    for (Path f : files) {
      String text = Files.readString(f);
      Matcher pm = PACKAGE.matcher(text);
      if (!pm.find()) {
        continue;
      }
      String from = pm.group(1);
      Set<String> to = edges.computeIfAbsent(from, k -> new TreeSet<>());
      Matcher m = REFERENCE.matcher(NOT_CODE.matcher(text).replaceAll(" "));
      while (m.find()) {
        if (!m.group(1).equals(from)) {
          to.add(m.group(1));
        }
      }
    }
    return edges;
  }

  /** A cycle of the graph, as the packages along it, or an empty list. */
  static List<String> cycle(Map<String, Set<String>> edges) {
    Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
    for (String start : edges.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      List<String> found = visit(start, edges, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(String p, Map<String, Set<String>> edges, Map<String, Integer> state,
      Deque<String> path) {
    Integer s = state.get(p);
    if (s != null && s == 2) {
      return List.of();
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String q : path) {
        in |= q.equals(p);
        if (in) {
          cycle.add(q);
        }
      }
      cycle.add(p);
      return cycle;
    }
    state.put(p, 1);
    path.addLast(p);
    for (String q : edges.getOrDefault(p, Set.of())) {
      List<String> found = visit(q, edges, state, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.removeLast();
    state.put(p, 2);
    return List.of();
  }

  @Test
  void packagesOfTheMainCodeHaveNoCycle() throws IOException {
    SortedMap<String, Set<String>> edges = graph();
    assertTrue(edges.size() > 10, "the sources were found: " + edges.keySet());
    assertEquals(List.of(), cycle(edges), "a cycle between packages; the graph is " + edges);
  }

  @Test
  void theCycleFinderFindsACycle() {
    Map<String, Set<String>> edges = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
    assertEquals(List.of("a", "b", "c", "a"), cycle(edges));
    assertEquals(List.of(), cycle(Map.of("a", Set.of("b"), "b", Set.of())));
  }

  @Test
  void lowerLayersKnowNothingOfTheOnesAbove() throws IOException {
    SortedMap<String, Set<String>> edges = graph();
    // the Git layer knows no entities; the engine no public API or feature; merge and schema no store
    assertNoEdge(edges, "dev.quire.internal.git", "dev.quire.model", "dev.quire.layout", "dev.quire.codec",
        "dev.quire.internal.engine", "dev.quire.store");
    assertNoEdge(edges, "dev.quire.internal.engine", "dev.quire.store", "dev.quire.sync", "dev.quire.exchange",
        "dev.quire.market", "dev.quire.cli");
    assertNoEdge(edges, "dev.quire.merge", "dev.quire.store", "dev.quire.internal.engine", "dev.quire.internal.git");
    assertNoEdge(edges, "dev.quire.schema", "dev.quire.store", "dev.quire.internal.engine", "dev.quire.merge");
    assertNoEdge(edges, "dev.quire.store", "dev.quire.sync", "dev.quire.exchange", "dev.quire.merge", "dev.quire.market",
        "dev.quire.serve", "dev.quire.view", "dev.quire.cli");
    assertNoEdge(edges, "dev.quire.market", "dev.quire.sync", "dev.quire.exchange", "dev.quire.serve", "dev.quire.cli");
    assertNoEdge(edges, "dev.quire.serve", "dev.quire.cli");
    assertNoEdge(edges, "dev.quire.view", "dev.quire.serve", "dev.quire.cli", "dev.quire.internal.engine", "dev.quire.internal.git");
  }

  @Test
  void noMainClassIsMuchOver450Lines() throws IOException {
    List<String> big = new ArrayList<>();
    try (Stream<Path> s = Files.walk(MAIN)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
        long lines = Files.readAllLines(f).size();
        if (lines > 460) {
          big.add(f + " (" + lines + " lines)");
        }
      }
    }
    assertEquals(List.of(), big, "split these along their sections");
  }

  private static void assertNoEdge(Map<String, Set<String>> edges, String from, String... notTo) {
    for (String to : notTo) {
      assertTrue(!edges.getOrDefault(from, Set.of()).contains(to), from + " must not depend on " + to);
    }
  }
}
