package dev.quire.internal.engine;

import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/** A committed transaction: the head it was applied to, that head's blobs at the staged paths, and the new blobs. */
record Applied(ObjectId parent, Map<String, ObjectId> before, Map<String, ObjectId> after) {}
