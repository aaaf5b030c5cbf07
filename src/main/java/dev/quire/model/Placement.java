package dev.quire.model;

/** Where the files of an entity type live inside the version directory. */
public enum Placement {
  /** {@code vN/<folder>/<id>.yaml}: small types that people browse and edit by hand. */
  FLAT,
  /** {@code vN/<folder>/<a>/<b>/<id>.yaml} (two shard levels): types that grow without bound (conversations). */
  SHARDED,
  /**
   * {@code vN/<folder>/<a>/<b>/<parentId>/<id>.yaml}: entities kept together under their
   * parent (a conversation's interactions), the shard taken from the parent id.
   */
  GROUPED,
  /** Not data: a cache kept in the repository's private directory, never committed. */
  CACHE
}
