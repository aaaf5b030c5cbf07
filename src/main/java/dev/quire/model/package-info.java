/**
 * API. LiteChat's data model: {@link dev.quire.model.Entity} (immutable, keeps unknown fields),
 * the entity types and their fields ({@link dev.quire.model.EntityTypes}), dates, and the unique
 * constraints checked the same way everywhere ({@link dev.quire.model.UniqueKeys}). Depends on
 * nothing else of Quire but its errors.
 */
package dev.quire.model;
