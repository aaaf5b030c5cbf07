package dev.quire.store;

import java.time.Instant;

/** One commit of the store's history: its id, time, author and subject line. */
public record Revision(String commit, Instant time, String author, String subject) {

  /** The first 12 characters of the commit id, as people quote it. */
  public String shortId() {
    return commit.substring(0, 12);
  }
}
