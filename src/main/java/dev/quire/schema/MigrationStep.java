package dev.quire.schema;

/**
 * What one migration step did to a store (or, for a dry run, would do): the versions, the
 * step's summary, how many files it moved, wrote and deleted, and its commit (null for a dry run).
 */
public record MigrationStep(int from, int to, String summary, int moved, int written, int deleted, String commit) {}
