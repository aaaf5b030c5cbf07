/**
 * Internal, not API. The Git object layer: loose and pack object writers, tree updates, the
 * branch ref (compare-and-swap), tree diffs, object caches, the repository lock, and the one
 * place that opens and creates repositories ({@link dev.quire.internal.git.Repositories}). Knows
 * nothing of entities; depends only on JGit and Quire's errors.
 */
package dev.quire.internal.git;
