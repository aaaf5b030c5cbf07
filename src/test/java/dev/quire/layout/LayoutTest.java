package dev.quire.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.quire.InvalidEntityException;
import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.model.Entity;
import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayoutTest {
  private final Layout v1 = Layout.forVersion(1);
  private final EntityCodec codec = new EntityCodec();

  @Test
  void pathsFollowTheDocumentedLayout() {
    assertEquals("v1/conversations/v/1/V1StGXR8_Z5jdHi6B-myT.yaml",
        v1.pathOf(EntityTypes.CONVERSATIONS, "V1StGXR8_Z5jdHi6B-myT", null, Format.YAML).path());
    assertEquals("v1/interactions/v/1/V1StGXR8_Z5jdHi6B-myT/i1.json",
        v1.pathOf(EntityTypes.INTERACTIONS, "i1", "V1StGXR8_Z5jdHi6B-myT", Format.JSON).path());
    assertEquals("v1/prompt-templates/t1.yaml",
        v1.pathOf(EntityTypes.PROMPT_TEMPLATES, "t1", null, Format.YAML).path());
    assertEquals("v1/settings/theme.yaml",
        v1.pathOf(EntityTypes.SETTINGS, "settings:theme", null, Format.YAML).path());
    assertEquals("v1/settings/~lastSeen.yaml",
        v1.pathOf(EntityTypes.SETTINGS, "lastSeen", null, Format.YAML).path());
    assertEquals("v1/settings/~settings%3A.yaml",
        v1.pathOf(EntityTypes.SETTINGS, "settings:", null, Format.YAML).path());
    assertEquals("v2/tag-rule-links/l1.yaml",
        Layout.forVersion(2).pathOf(EntityTypes.TAG_RULE_LINKS, "l1", null, Format.YAML).path());
    assertEquals("quire/cache/marketplace-indexes/src%2F1.json",
        Layout.cachePath(EntityTypes.MARKETPLACE_INDEXES, "src/1"));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyTypeMapsToAPathAndBack(Format format) {
    for (EntityType type : EntityTypes.versioned()) {
      for (String id : List.of("V1StGXR8_Z5jdHi6B-myT", "..", "a/b\\c", "CON", "settings:x", "é")) {
        EntityPath p = v1.pathOf(type, id, "conv/1", format);
        EntityPath back = v1.parse(p.path()).orElseThrow();
        assertEquals(p, back, p.path());
        assertEquals(id, back.id());
        assertTrue(p.path().startsWith("v1/" + type.folder() + "/"), p.path());
        assertEquals(type.placement() == dev.quire.model.Placement.GROUPED ? "conv/1" : null, back.parentId());
      }
    }
  }

  @Test
  void pathsOutsideTheEntityFoldersAreNotEntities() {
    assertEquals(Optional.empty(), v1.parse("quire.yaml"));
    assertEquals(Optional.empty(), v1.parse("files/p1/notes.md"));
    assertEquals(Optional.empty(), v1.parse("v2/rules/r1.yaml"));
    assertEquals(Optional.empty(), v1.parse("v1/README.md"));
  }

  @Test
  void filesInTheWrongPlaceAreRefusedWithTheRightPlace() {
    assertEquals("v1/conversations/z/z/abc.yaml: misplaced file; the file for conversations"
        + " \"abc\" belongs at v1/conversations/a/b/abc.yaml",
        assertThrows(InvalidEntityException.class, () -> v1.parse("v1/conversations/z/z/abc.yaml")).getMessage());
    assertEquals("v1/conversations/abc.yaml: not where a conversations file can be; expected"
        + " v1/conversations/<a>/<b>/<id>.yaml (or .json), <a> and <b> the id's first two characters",
        assertThrows(InvalidEntityException.class, () -> v1.parse("v1/conversations/abc.yaml")).getMessage());
    assertEquals("v1/rules/r1.yml: not where a rules file can be; expected v1/rules/<id>.yaml (or .json)",
        assertThrows(InvalidEntityException.class, () -> v1.parse("v1/rules/r1.yml")).getMessage());
    assertEquals("v1/rules/%41.yaml: file name \"%41\" is not in canonical form; the file for id"
        + " \"A\" is named \"A\"",
        assertThrows(InvalidEntityException.class, () -> v1.parse("v1/rules/%41.yaml")).getMessage());
    assertTrue(assertThrows(InvalidEntityException.class, () -> v1.parse("v1/chats/x.yaml"))
        .getMessage().startsWith("v1/chats/x.yaml: \"chats\" is not an entity folder; the folders of v1/ are conversations, "));
    assertThrows(InvalidEntityException.class, () -> v1.parse("v1/marketplace-indexes/x.json"),
        "the cache never lives in the tree");
    assertThrows(InvalidEntityException.class, () -> v1.parse("v1/interactions/a/b/abc/sub/i1.yaml"));
  }

  @Test
  void anIdThatCannotBeAFileNameIsRefused() {
    InvalidEntityException e = assertThrows(InvalidEntityException.class,
        () -> v1.pathOf(EntityTypes.RULES, "x".repeat(300), null, Format.YAML));
    assertEquals("$.id", e.fieldPath());
    assertEquals("rules \"" + "x".repeat(300) + "\": $.id: the id is too long for a file name (300 bytes once encoded,"
        + " at most 200)", e.getMessage());
    e = assertThrows(InvalidEntityException.class,
        () -> v1.pathOf(EntityTypes.INTERACTIONS, "i1", null, Format.YAML));
    assertEquals("interactions i1: $.conversationId: missing; it decides where the file goes", e.getMessage());
  }

  @Test
  void decodingChecksTheIdAgainstTheFileName() {
    byte[] bytes = "id: r2\nname: x\n".getBytes(StandardCharsets.UTF_8);
    assertEquals("v1/rules/r1.yaml:1: $.id: \"r2\" does not match the file's place (v1/rules/r1.yaml"
        + " holds id \"r1\"); move the file or correct the id",
        assertThrows(InvalidEntityException.class, () -> v1.decode("v1/rules/r1.yaml", bytes, codec)).getMessage());
    byte[] interaction = "id: i1\nconversationId: c2\nindex: 0\ntype: system.info\n".getBytes(StandardCharsets.UTF_8);
    InvalidEntityException e = assertThrows(InvalidEntityException.class,
        () -> v1.decode("v1/interactions/c/1/c1/i1.yaml", interaction, codec));
    assertEquals("$.conversationId", e.fieldPath());
    assertEquals(2, e.line());
    Entity ok = v1.decode("v1/interactions/c/2/c2/i1.yaml", interaction, codec);
    assertEquals("c2", ok.parentId());
  }

  @Test
  void resolveNeverLeavesTheRoot() {
    FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    Path root = fs.getPath("/store");
    assertEquals(fs.getPath("/store/v1/rules/r1.yaml"), Layout.resolve(root, "v1/rules/r1.yaml"));
    for (String bad : List.of("../x", "v1/../../x", "/etc/passwd", "a//b", "a/./b", "", "a\\..\\b", "x\0")) {
      assertThrows(IllegalArgumentException.class, () -> Layout.resolve(root, bad), bad);
    }
  }

  @Test
  void storeFolderFindsAndChecksFilesOnAnyFileSystem() throws IOException {
    FileSystem fs = Jimfs.newFileSystem(Configuration.windows());
    Path root = fs.getPath("C:\\store");
    Entity rule = Entity.of(EntityTypes.RULES, Map.of("id", "r1", "name", "Brief", "content", "Be brief."));
    write(root, "v1/rules/r1.yaml", codec.encodeToString(rule, Format.YAML));
    write(root, "v1/rules/r2.yaml", "id: r2\nname: [\n");
    write(root, "v1/rules/r3.json", "{\"name\": \"n\", \"id\": \"r3\"}");
    write(root, "v1/tags/t1.yaml", "id: other\nname: t\n");
    write(root, "v1/tags/notes.txt", "hello");
    write(root, "quire.yaml", "name: test\n");
    StoreFolder store = StoreFolder.open(root);
    assertEquals(1, store.layout().version());
    assertEquals(List.of("v1/rules/r1.yaml", "v1/rules/r2.yaml", "v1/rules/r3.json", "v1/tags/notes.txt",
        "v1/tags/t1.yaml"), store.entityFiles());
    assertEquals(rule, store.read("v1/rules/r1.yaml", codec));
    List<String> problems = store.check(codec, List.of()).stream().map(Problem::toString).toList();
    assertEquals(List.of(
        "v1/rules/r2.yaml:3:1: invalid YAML: while parsing a flow node: expected the node content, but found '<stream end>'",
        "v1/rules/r3.json: not in canonical form; run \"quire fmt v1/rules/r3.json\" to rewrite it",
        "v1/tags/notes.txt: not where a tags file can be; expected v1/tags/<id>.yaml (or .json)",
        "v1/tags/t1.yaml:1: $.id: \"other\" does not match the file's place (v1/tags/t1.yaml holds id"
            + " \"t1\"); move the file or correct the id"), problems);
  }

  @Test
  void aFolderWithoutOrWithSeveralVersionsIsNotAStore() throws IOException {
    FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    Path root = fs.getPath("/s");
    Files.createDirectories(root);
    assertEquals("/s: not a Quire store (no version folder such as v1/)",
        assertThrows(StoreException.class, () -> StoreFolder.open(root)).getMessage());
    Files.createDirectories(root.resolve("v1"));
    Files.createDirectories(root.resolve("v2"));
    assertEquals("/s: more than one version folder (v1, v2); a store holds exactly one, finish or undo the migration",
        assertThrows(StoreException.class, () -> StoreFolder.open(root)).getMessage());
  }

  private static void write(Path root, String rel, String text) throws IOException {
    Path p = Layout.resolve(root, rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
