/**
 * Internal, not API. The entity engine behind {@code dev.quire.store.Store}: commit views,
 * transactions, the commit path (objects, flush, compare-and-swap, working tree), constraints,
 * events, secrets, commit messages, migrations applied, restore and hand edits. Features reach it
 * only through its one seam, {@link dev.quire.internal.engine.Seam} ({@code Store.seam()}).
 */
package dev.quire.internal.engine;
