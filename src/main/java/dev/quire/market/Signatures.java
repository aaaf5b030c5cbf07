package dev.quire.market;

import dev.quire.ConflictException;
import dev.quire.StoreException;
import dev.quire.model.Entity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Signed sources: a source with {@code requireSigned} is read only at commits whose SSH
 * signature (C git's {@code gpg.format=ssh}) verifies against the source's
 * {@code allowedSigners} — the text of an OpenSSH allowed-signers file, kept in the source
 * entity so that it syncs and is reviewed with it. Verification is JGit's
 * ({@code org.eclipse.jgit.ssh.apache}'s SSH signature verifier); OpenPGP signatures are not
 * accepted (they would need JGit's {@code gpg.bc} and a keyring).
 */
final class Signatures {
  private Signatures() {}

  /** Whether the source asks for signed commits. */
  static boolean required(Entity source) {
    return Boolean.TRUE.equals(source.getBoolean("requireSigned"));
  }

  /**
   * Refuses {@code commit} unless its signature verifies against the source's allowed signers.
   *
   * @throws ConflictException naming the commit and what is wrong with its signature
   */
  static void check(Repository mirror, ObjectId commit, Entity source, Path scratch) {
    if (!required(source)) {
      return;
    }
    String name = source.getString("name");
    String signers = source.getString("allowedSigners");
    if (signers == null || signers.isBlank()) {
      throw new ConflictException(name + " requires signed commits but names no allowed signers; set them with"
          + " `quire market add " + name + " URL --require-signed --allowed-signers FILE`");
    }
    try (RevWalk rw = new RevWalk(mirror)) {
      if (!Files.exists(scratch) || !Files.readString(scratch, StandardCharsets.UTF_8).equals(signers)) {
        Files.createDirectories(scratch.getParent()); // JGit reads the allowed signers from a file
        Files.writeString(scratch, signers, StandardCharsets.UTF_8);
      }
      Config config = new Config();
      config.setString("gpg", null, "format", "ssh");
      config.setString("gpg", "ssh", "allowedSignersFile", scratch.toString());
      RevCommit c = rw.parseCommit(commit);
      SignatureVerifier.SignatureVerification v = SignatureVerifiers.verify(mirror, new GpgConfig(config), c);
      if (v == null) {
        throw new ConflictException(name + " requires signed commits, and " + commit.name() + " is not signed; nothing"
            + " was read");
      }
      if (!v.verified() || v.trustLevel() == SignatureVerifier.TrustLevel.NEVER
          || v.trustLevel() == SignatureVerifier.TrustLevel.UNKNOWN) {
        throw new ConflictException(name + " requires signed commits, and the signature of " + commit.name()
            + " does not verify against its allowed signers (" + (v.message() == null ? v.trustLevel() : v.message())
            + "); nothing was read");
      }
    } catch (IOException e) {
      throw new StoreException("cannot verify the signature of " + commit.name() + " of " + name + ": " + e.getMessage(), e);
    }
  }
}
