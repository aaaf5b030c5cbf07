/**
 * API. The pure three-way merge of stores: entity by entity and field by field
 * ({@link dev.quire.merge.EntityMerge}), path by path with conflict records
 * ({@link dev.quire.merge.TreeMerge}), the checks across entities after a merge (unique keys,
 * dangling references: {@link dev.quire.merge.MergeRepairs}) and recorded conflicts as values.
 * Works on bytes and entities; depends on no store and no Git.
 */
package dev.quire.merge;
