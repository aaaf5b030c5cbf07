package dev.quire.market;

import dev.quire.StoreException;
import dev.quire.codec.EntityCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The check a marketplace repository's CI runs on a pull request ({@code quire market
 * validate}): the layout and every file as a refresh reads them (all of {@link SourceReader}'s
 * refusals), entity ids unique across packages, dependencies that name packages of the
 * repository with ranges some version satisfies, versions that never go down and go up when a
 * package's files change (against the commit's first parent and the version tags), no hidden
 * text, and no value that looks like a secret. Each problem names the file.
 */
public final class MarketValidator {
  private static final Pattern SECRET = Pattern.compile(
      "(sk-[A-Za-z0-9_-]{20,}|sk-ant-[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}"
      + "|AKIA[0-9A-Z]{16}|xox[baprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|-----BEGIN [A-Z ]*PRIVATE KEY-----)");

  private MarketValidator() {}

  /** A problem: the file (path in the repository) and what is wrong. */
  public record Problem(String file, String message) {
    @Override
    public String toString() {
      return file + ": " + message;
    }
  }

  /** The problems of the Git repository at or above {@code dir} at {@code rev} (null: HEAD). */
  public static List<Problem> validate(java.nio.file.Path dir, String rev) {
    try (Repository repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().findGitDir(dir.toFile())
        .setMustExist(true).build()) {
      return validate(repo, rev == null ? Constants.HEAD : rev, new EntityCodec());
    } catch (IOException | IllegalArgumentException e) {
      throw new dev.quire.NotFoundException(dir + " is not in a Git repository (" + e.getMessage() + ")");
    }
  }

  /** The problems of the repository at {@code rev}; empty when it is a sound marketplace. */
  public static List<Problem> validate(Repository repo, String rev, EntityCodec codec) {
    List<Problem> out = new ArrayList<>();
    try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
      ObjectId id = repo.resolve(rev + "^{commit}");
      if (id == null) {
        throw new dev.quire.NotFoundException("no commit " + rev + " in " + repo.getDirectory());
      }
      RevCommit commit = rw.parseCommit(id);
      Catalog.Snapshot now;
      try {
        now = new SourceReader(reader, codec, SourceReader.Limits.DEFAULT, "").read(commit);
      } catch (StoreException e) {
        out.add(split(e.getMessage()));
        return out;
      }
      Map<String, MarketPackage> byId = new HashMap<>();
      Map<String, String> owners = new HashMap<>();
      for (MarketPackage p : now.packages()) {
        byId.put(p.id(), p);
        for (MarketPackage.Item i : p.items()) {
          String file = i.path();
          String other = owners.putIfAbsent(i.ref(), p.id());
          if (other != null) {
            out.add(new Problem(file, i.ref() + " is also in package " + other + "; an entity belongs to one package"));
          }
          i.hiddenText().forEach(h -> out.add(new Problem(file, "hidden text: " + h)));
          secrets(i.entity().fields(), "", file, out);
        }
      }
      Map<String, List<Semver>> tags = Mirrors.versionTags(repo);
      for (MarketPackage p : now.packages()) {
        String manifest = "packages/" + p.id() + "/package.yaml";
        for (String dep : p.dependencies()) {
          int at = dep.indexOf('@');
          String depId = at < 0 ? dep : dep.substring(0, at);
          MarketPackage target = byId.get(depId);
          if (target == null) {
            out.add(new Problem(manifest, "dependencies: " + depId + " is not a package of this marketplace"));
            continue;
          }
          if (at >= 0) {
            List<Semver> versions = new ArrayList<>(tags.getOrDefault(depId, List.of()));
            versions.add(Semver.parse(target.version()));
            try {
              if (versions.stream().noneMatch(v -> v.satisfies(dep.substring(at + 1)))) {
                out.add(new Problem(manifest, "dependencies: no version of " + depId + " satisfies " + dep.substring(at + 1)));
              }
            } catch (IllegalArgumentException e) {
              out.add(new Problem(manifest, "dependencies: " + e.getMessage()));
            }
          }
        }
        Semver v = Semver.parse(p.version());
        for (Semver tagged : tags.getOrDefault(p.id(), List.of())) {
          if (v.compareTo(tagged) < 0) {
            out.add(new Problem(manifest, "version " + v + " is below the tagged " + p.id() + "/v" + tagged));
          }
        }
      }
      if (commit.getParentCount() > 0) {
        against(reader, codec, rw.parseCommit(commit.getParent(0)), now, out);
      }
    } catch (IOException e) {
      throw new StoreException("cannot read " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Versions against the parent: a changed package must have a greater version, and none may go down. */
  private static void against(ObjectReader reader, EntityCodec codec, RevCommit parent, Catalog.Snapshot now,
      List<Problem> out) {
    Catalog.Snapshot before;
    try {
      before = new SourceReader(reader, codec, SourceReader.Limits.DEFAULT, "").read(parent);
    } catch (StoreException e) {
      return; // the parent was no sound marketplace: nothing to compare with
    }
    Map<String, MarketPackage> old = new HashMap<>();
    before.packages().forEach(p -> old.put(p.id(), p));
    for (MarketPackage p : now.packages()) {
      MarketPackage was = old.get(p.id());
      if (was == null) {
        continue;
      }
      String manifest = "packages/" + p.id() + "/package.yaml";
      int c = Semver.parse(p.version()).compareTo(Semver.parse(was.version()));
      if (c < 0) {
        out.add(new Problem(manifest, "version " + p.version() + " is below " + was.version() + " of the parent commit"));
      } else if (c == 0 && !sameFiles(was, p)) {
        out.add(new Problem(manifest, "the package's files changed and its version is still " + p.version()
            + "; raise it (installed copies update only to a greater version)"));
      }
    }
  }

  private static boolean sameFiles(MarketPackage a, MarketPackage b) {
    if (a.items().size() != b.items().size()) {
      return false;
    }
    for (int i = 0; i < a.items().size(); i++) {
      if (!a.items().get(i).ref().equals(b.items().get(i).ref())
          || !Objects.equals(a.items().get(i).entity(), b.items().get(i).entity())) {
        return false;
      }
    }
    return Objects.equals(withoutVersion(a.metadata()), withoutVersion(b.metadata()));
  }

  private static Map<String, Object> withoutVersion(Map<String, Object> m) {
    Map<String, Object> out = new HashMap<>(m);
    out.remove("version");
    out.remove("lastUpdated");
    return out;
  }

  static void secrets(Object node, String at, String file, List<Problem> out) {
    if (node instanceof String s && SECRET.matcher(s).find()) {
      out.add(new Problem(file, (at.isEmpty() ? "a value" : at) + " looks like a secret (an API key, token or private"
          + " key); a package is public: remove it"));
    } else if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> secrets(v, at.isEmpty() ? String.valueOf(k) : at + "." + k, file, out));
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        secrets(l.get(i), at + "[" + i + "]", file, out);
      }
    }
  }

  /** A refusal's message ({@code :path:line: why}) as a problem. */
  private static Problem split(String message) {
    String m = message.startsWith(":") ? message.substring(1) : message;
    int colon = m.indexOf(": ");
    return colon < 0 ? new Problem("", m) : new Problem(m.substring(0, colon), m.substring(colon + 2));
  }
}
