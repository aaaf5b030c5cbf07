package dev.quire.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttachmentsTest {
  private static Map<String, Object> file(String id, String base64) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("id", id);
    f.put("source", "direct");
    f.put("name", id + ".bin");
    f.put("contentBase64", base64);
    f.put("futureField", "kept");
    return f;
  }

  private static Entity interaction(List<Object> promptFiles, List<Object> responseFiles) {
    return Entity.of(EntityTypes.INTERACTIONS, Map.of("id", "i1", "conversationId", "c1", "index", 0,
        "type", "message.user_assistant", "status", "COMPLETED",
        "prompt", Map.of("id", "p", "content", "see attached", "metadata", Map.of("attachedFiles", promptFiles)),
        "metadata", Map.of("attachedFiles", responseFiles)));
  }

  @Test
  void canonicalContentMovesOutAndComesBackTheSame() {
    String hello = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
    String other = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
    Entity e = interaction(List.of(file("a", hello), file("b", other)), List.of(file("c", hello)));
    Attachments.Stripped s = Attachments.strip(e);
    assertEquals(2, s.files().size(), "the same content is one file");
    String text = s.entity().toString();
    assertFalse(text.contains("contentBase64"), text);
    assertTrue(text.contains("contentSha256=2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"), text);
    assertTrue(text.contains("futureField=kept"), "unknown fields stay: " + text);
    assertEquals(List.of("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"), Attachments.refs(s.entity()));
    assertEquals(e, Attachments.inline(s.entity(), s.files()::get));
  }

  @Test
  void nonCanonicalOrMissingContentStaysAsItIs() {
    Entity e = interaction(List.of(file("a", "aGVsbG8"), file("b", "not base64!")), List.of());
    Attachments.Stripped s = Attachments.strip(e);
    assertEquals(Map.of(), s.files(), "unpadded or invalid base64 would not come back the same");
    assertSame(e, s.entity());
    Entity rules = Entity.of(EntityTypes.RULES, Map.of("id", "r", "name", "n"));
    assertSame(rules, Attachments.strip(rules).entity());
    Entity stripped = Attachments.strip(interaction(List.of(file("a", "AAEC")), List.of())).entity();
    assertEquals(stripped, Attachments.inline(stripped, hex -> null), "a missing file leaves the reference");
  }

  @Test
  void attachmentFilesAreNotEntityFilesInV2Only() {
    String path = "v2/interactions/c/1/c1/attachments/" + "0".repeat(64) + ".bin";
    assertTrue(Layout.forVersion(2).parse(path).isEmpty());
    assertEquals(path, Attachments.path("v2/interactions/c/1/c1/i1.yaml", "0".repeat(64)));
    org.junit.jupiter.api.Assertions.assertThrows(dev.quire.InvalidEntityException.class,
        () -> Layout.forVersion(1).parse(path.replace("v2/", "v1/")));
  }
}
