/**
 * API, a feature. LiteChat's exchange formats over the {@code Store} API: full export and import
 * ({@code FullExportData} v1), one conversation, one project.
 */
package dev.quire.exchange;
