/**
 * The web view of {@code quire serve}: read-only, server-rendered HTML pages of a store for
 * people — conversations and their transcripts, any entity's history and field-by-field diffs,
 * recorded conflicts, published packages, the log. Every value is escaped (Mustache templates,
 * CommonMark with raw HTML escaped), and pages are sent with a Content-Security-Policy that
 * allows no script at all. API: {@link dev.quire.view.WebView}.
 */
package dev.quire.view;
