/**
 * Internal, not API. Remotes as private mirrors ({@link dev.quire.internal.remote.RemoteMirror}):
 * fetch to a pinned commit, push with a lease, private refs set by force, files read as blobs.
 * Used by Git sync and LiteChat sync today, by marketplace sources next.
 */
package dev.quire.internal.remote;
