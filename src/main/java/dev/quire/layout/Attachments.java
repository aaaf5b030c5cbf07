package dev.quire.layout;

import dev.quire.model.Entity;
import dev.quire.model.EntityTypes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Schema v2 keeps the content of attached files out of interaction files: an attachment's
 * {@code contentBase64} (megabytes of base64 in a YAML file make diffs, blame and merges
 * useless and run into the file-size limit) is stored as its raw bytes in a file named by
 * their SHA-256, next to the conversation's interactions
 * ({@code vN/interactions/a/b/<conversationId>/attachments/<sha256>.bin}), and the entry holds
 * {@code contentSha256} instead. Identical files are stored once per conversation, and Git
 * stores identical bytes once anyway. Reading puts {@code contentBase64} back, so the entity a
 * program sees is the same in v1 and v2. Only canonical base64 (what re-encoding gives back
 * exactly) is moved; anything else stays where it is.
 */
public final class Attachments {
  private Attachments() {}

  /** The field that replaces {@code contentBase64} in a v2 file. */
  public static final String REF = "contentSha256";
  private static final String CONTENT = "contentBase64";
  /** The folder, next to a conversation's interaction files, that holds their attachments. */
  public static final String FOLDER = "attachments";

  /** An interaction without its attachment contents, and those contents by SHA-256 (hex). */
  public record Stripped(Entity entity, Map<String, byte[]> files) {
    public Stripped {
      files = java.util.Collections.unmodifiableMap(files);
    }
  }

  /** The first schema version that stores attachments apart. */
  public static final int SINCE = 2;

  /** Whether the layout keeps attachment contents apart. */
  public static boolean apart(Layout layout) {
    return layout.version() >= SINCE;
  }

  /** The path of an attachment file, next to the interaction file at {@code interactionPath}. */
  public static String path(String interactionPath, String sha256) {
    return interactionPath.substring(0, interactionPath.lastIndexOf('/') + 1) + FOLDER + "/" + sha256 + ".bin";
  }

  /** Moves canonical base64 contents out of an interaction. */
  public static Stripped strip(Entity interaction) {
    if (interaction.type() != EntityTypes.INTERACTIONS) {
      return new Stripped(interaction, Map.of());
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    Entity out = mapLists(interaction, l -> strip(l, files));
    return new Stripped(out, files);
  }

  private static List<Object> strip(List<?> entries, Map<String, byte[]> files) {
    List<Object> out = new ArrayList<>(entries.size());
    boolean changed = false;
    for (Object e : entries) {
      if (e instanceof Map<?, ?> m && m.get(CONTENT) instanceof String b64 && !b64.isEmpty()) {
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException notBase64) {
          out.add(e);
          continue;
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(b64)) {
          out.add(e); // not canonical: re-encoding would change it, so it stays inline
          continue;
        }
        String hex = sha256(bytes);
        files.put(hex, bytes);
        Map<String, Object> entry = new LinkedHashMap<>();
        m.forEach((k, v) -> {
          if (!CONTENT.equals(k)) {
            entry.put((String) k, v);
          }
        });
        entry.put(REF, hex);
        out.add(entry);
        changed = true;
      } else {
        out.add(e);
      }
    }
    return changed ? out : (List<Object>) entries;
  }

  /**
   * Puts attachment contents back into an interaction read from a v2 file.
   *
   * @param load the bytes of an attachment by SHA-256, or null when the file is missing (the
   *     entry then keeps its {@code contentSha256}, and validation reports it)
   */
  public static Entity inline(Entity interaction, Function<String, byte[]> load) {
    if (interaction.type() != EntityTypes.INTERACTIONS) {
      return interaction;
    }
    return mapLists(interaction, l -> inline(l, load));
  }

  /**
   * Whether an interaction carries attachment contents (cheap: nothing is decoded or hashed;
   * content that {@link #strip} would leave inline counts too).
   */
  public static boolean hasContent(Entity interaction) {
    return !values(interaction, CONTENT).isEmpty();
  }

  /** The SHA-256s an interaction file refers to. */
  public static List<String> refs(Entity interaction) {
    return values(interaction, REF);
  }

  /** One field's string values across both lists of attached files. */
  private static List<String> values(Entity interaction, String field) {
    List<String> out = new ArrayList<>();
    mapLists(interaction, l -> {
      collect(l, field, out);
      return l;
    });
    return out;
  }

  /**
   * The interaction with each of its two lists of attached files ({@code prompt.metadata} and
   * {@code metadata}) replaced by {@code f} of it; the same entity when {@code f} returns
   * every list as it was.
   */
  @SuppressWarnings("unchecked")
  private static Entity mapLists(Entity interaction, Function<List<?>, List<?>> f) {
    Entity out = interaction;
    Map<String, Object> prompt = interaction.getMap("prompt");
    if (prompt != null && prompt.get("metadata") instanceof Map<?, ?> meta && meta.get("attachedFiles") instanceof List<?> l) {
      List<?> mapped = f.apply(l);
      if (mapped != l) {
        out = out.with("prompt", with(prompt, "metadata", with(meta, "attachedFiles", mapped)));
      }
    }
    Map<String, Object> meta = interaction.getMap("metadata");
    if (meta != null && meta.get("attachedFiles") instanceof List<?> l) {
      List<?> mapped = f.apply(l);
      if (mapped != l) {
        out = out.with("metadata", with(meta, "attachedFiles", mapped));
      }
    }
    return out;
  }

  private static void collect(List<?> entries, String field, List<String> out) {
    for (Object e : entries) {
      if (e instanceof Map<?, ?> m && m.get(field) instanceof String value) {
        out.add(value);
      }
    }
  }

  private static List<Object> inline(List<?> entries, Function<String, byte[]> load) {
    List<Object> out = new ArrayList<>(entries.size());
    boolean changed = false;
    for (Object e : entries) {
      byte[] bytes = e instanceof Map<?, ?> m && m.get(REF) instanceof String hex ? load.apply(hex) : null;
      if (bytes == null) {
        out.add(e);
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      ((Map<?, ?>) e).forEach((k, v) -> {
        if (!REF.equals(k)) {
          entry.put((String) k, v);
        }
      });
      entry.put(CONTENT, Base64.getEncoder().encodeToString(bytes));
      out.add(entry);
      changed = true;
    }
    return changed ? out : (List<Object>) entries;
  }

  private static Map<String, Object> with(Map<?, ?> map, String key, Object value) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put((String) k, v));
    out.put(key, value);
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
