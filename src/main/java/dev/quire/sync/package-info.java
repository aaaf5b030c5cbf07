/**
 * API, a feature. Sync: with Git remotes ({@link dev.quire.sync.Sync#of}, fetch, semantic merge,
 * push with a lease), remotes and their credentials ({@link dev.quire.sync.Remotes#of}), recorded
 * conflicts ({@link dev.quire.sync.Conflicts#of}), LiteChat's own sync repositories and bulk sync,
 * and the merge driver plain git calls. Reaches the engine through {@code Store.seam()} only.
 */
package dev.quire.sync;
