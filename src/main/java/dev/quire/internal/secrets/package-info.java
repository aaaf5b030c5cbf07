/**
 * Secret values kept apart from the versioned tree: the local secret store
 * ({@code .git/quire/secrets.json}) and, for stores that share secrets between devices, values
 * sealed with AES-256-GCM under a key that stays outside the repository
 * ({@code .git/quire/shared-secrets.key}). Knows no Git and no entities beyond the text of a
 * secret reference.
 */
package dev.quire.internal.secrets;
