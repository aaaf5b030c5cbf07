package dev.quire.sync;

/**
 * What a sync with a Git remote did: the head it left (null for an empty store and remote),
 * whether it fast-forwarded, whether it pushed, how many paths it merged and how many
 * conflicts it recorded ({@link Conflicts}).
 */
public record SyncResult(String remote, String head, boolean fastForward, boolean pushed, int mergedPaths,
    int conflicts) {}
