/**
 * API. Where entities live in a store: paths and ids ({@link dev.quire.layout.Layout},
 * {@link dev.quire.layout.FileNames}), schema version folders ({@code v1/}, … — the one owner of
 * that rule is {@link dev.quire.layout.Layout#versionOfFolder}), attachments, and a store folder
 * on disk read without Git.
 */
package dev.quire.layout;
