/**
 * Sharing a store's secret values between devices (DESIGN §6), opt-in: {@link
 * dev.quire.secrets.Secrets#of} seals every value this device has into
 * {@code shared-secrets/} with AES-256-GCM under a key kept outside the repository, and moves
 * that key between devices as text. Reaches the engine through its seam only.
 */
package dev.quire.secrets;
