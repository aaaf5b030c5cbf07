/**
 * Quire's errors (API): {@link dev.quire.StoreException} and its subtypes, one per kind of fix —
 * a file that does not parse, data that does not fit, something not found, a conflict, a remote
 * that failed. The packages below are layered, each depending only on those listed before it:
 * {@code model}, {@code codec}, {@code layout}, {@code schema}, {@code merge},
 * {@code internal.git}, {@code internal.remote}, {@code internal.engine}, {@code store},
 * {@code exchange}, {@code sync}, {@code bench}, {@code cli}.
 */
package dev.quire;
