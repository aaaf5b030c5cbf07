/**
 * API. JSON Schemas generated from the model, validation of a store's files for review and CI
 * ({@link dev.quire.schema.Validator}), and migrations as numbered pure functions from a tree at
 * version N to one at N+1 ({@link dev.quire.schema.Migrations}). Knows no Git and no store: the
 * engine applies migrations.
 */
package dev.quire.schema;
