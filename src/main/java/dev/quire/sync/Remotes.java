package dev.quire.sync;

import dev.quire.InvalidEntityException;
import dev.quire.StoreException;
import dev.quire.internal.engine.Seam;
import dev.quire.internal.remote.RemoteMirror;
import dev.quire.store.Store;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * The Git remotes of a store: standard {@code [remote]} entries of the repository's
 * configuration, with their credentials kept in the local secret store, never in Git.
 * {@code Remotes.of(store)}.
 */
public final class Remotes {
  private final Seam seam;

  private Remotes(Seam seam) {
    this.seam = seam;
  }

  public static Remotes of(Store store) {
    return new Remotes(store.seam());
  }

  /** Adds (or changes) a remote. */
  public void add(String name, String url) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new InvalidEntityException("remote " + name, null, "a remote name is letters, digits, '.', '_' or '-'");
    }
    StoredConfig config = seam.repo().getConfig();
    config.setString("remote", name, "url", url);
    config.setString("remote", name, "fetch", "+refs/heads/*:refs/remotes/" + name + "/*");
    save(config);
  }

  /** Removes a remote (its credentials too); false when there was none. */
  public boolean remove(String name) {
    StoredConfig config = seam.repo().getConfig();
    if (config.getString("remote", name, "url") == null) {
      return false;
    }
    config.unsetSection("remote", name);
    save(config);
    setCredentials(name, null, null);
    return true;
  }

  /** The remotes, name → URL. */
  public SortedMap<String, String> list() {
    SortedMap<String, String> out = new TreeMap<>();
    StoredConfig config = seam.repo().getConfig();
    for (String name : config.getSubsections("remote")) {
      out.put(name, config.getString("remote", name, "url"));
    }
    return out;
  }

  /** Keeps a remote's user name and password (or token) in the local secret store; nulls remove them. */
  public void setCredentials(String remote, String username, String password) {
    Map<String, String> changes = new HashMap<>();
    changes.put(key(remote, "username"), username);
    changes.put(key(remote, "password"), password);
    seam.secretValues().local().update(changes);
  }

  /** A remote's credentials for JGit's transports, or null when none are kept. */
  CredentialsProvider credentials(String remote) {
    Map<String, String> all = seam.secretValues().local().all();
    return RemoteMirror.credentials(all.get(key(remote, "username")), all.get(key(remote, "password")));
  }

  private static String key(String remote, String what) {
    return "remote:" + remote + ":" + what;
  }

  static void save(StoredConfig config) {
    try {
      config.save();
    } catch (IOException e) {
      throw new StoreException("cannot save the repository configuration: " + e.getMessage(), e);
    }
  }
}
