/**
 * API. The store: {@link dev.quire.store.Store} (open, read, write, transactions, history,
 * restore, working tree, events), {@link dev.quire.store.Snapshot},
 * {@link dev.quire.store.Transaction}, options ({@link dev.quire.store.StoreOptions} with a
 * builder, {@link dev.quire.store.RetryPolicy}), events and results. Features do not add methods
 * here: each is reached as {@code Feature.of(store)}.
 */
package dev.quire.store;
