package dev.quire.schema;

import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import dev.quire.codec.Format;
import dev.quire.layout.Attachments;
import dev.quire.layout.Layout;
import dev.quire.model.Entity;
import java.nio.charset.StandardCharsets;

/**
 * v1 → v2: attachment contents leave the interaction files ({@link Attachments}). The data
 * folder moves from {@code v1/} to {@code v2/} as it is; only interaction files that hold
 * base64 attachment contents are rewritten, each next to the content files it now refers to.
 * The store's editor schemas ({@code .quire/schema/}) move to v2 too.
 */
final class V1ToV2 implements Migration {
  private static final byte[] MARKER = "contentBase64".getBytes(StandardCharsets.US_ASCII);
  private final EntityCodec codec = new EntityCodec();
  private final Layout v1 = Layout.forVersion(1);

  @Override
  public int from() {
    return 1;
  }

  @Override
  public String summary() {
    return "attachment contents out of interaction files, into attachments/<sha256>.bin";
  }

  @Override
  public void apply(Source in, Changes out) {
    out.move("v1", "v2");
    for (String path : in.files("v1/interactions")) {
      Format format = Format.ofFileName(path).orElse(null);
      if (format == null) {
        continue;
      }
      byte[] bytes = in.read(path);
      if (!Validator.contains(bytes, MARKER)) {
        continue;
      }
      Entity e;
      try {
        e = v1.decode(path, bytes, codec);
      } catch (StoreException unreadable) {
        continue; // moves as it is; quire validate reports it
      }
      Attachments.Stripped stripped = Attachments.strip(e);
      if (stripped.files().isEmpty()) {
        continue;
      }
      String target = "v2" + path.substring("v1".length());
      out.put(target, codec.encode(stripped.entity(), format));
      stripped.files().forEach((hex, content) -> out.put(Attachments.path(target, hex), content));
    }
    if (!in.files(EditorSupport.SCHEMA_DIR + "/v1").isEmpty()) {
      in.files(EditorSupport.SCHEMA_DIR + "/v1").forEach(out::delete);
      EditorSupport.files(2).forEach(out::put);
    }
  }
}
