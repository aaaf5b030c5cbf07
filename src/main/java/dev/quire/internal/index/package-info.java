/**
 * The read index (DESIGN §4): for each entity type, one row per entity file of a commit — the
 * path, the blob, the id and parent id, and the values of the fields LiteChat looks entities
 * up or sorts them by — so look-ups and pages are answered without decoding entity files.
 * Derived from commits, moved from one commit to the next by a tree diff, persisted in the
 * repository's private directory: a cache, rebuilt when missing, damaged or of another format.
 */
package dev.quire.internal.index;
