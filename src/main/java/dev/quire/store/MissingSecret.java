package dev.quire.store;

/**
 * A secret field whose value this device does not have ({@link Store#missingSecrets}): the
 * reference its file holds ({@code secret:api-keys/k1/value}) and why it cannot be read.
 */
public record MissingSecret(String ref, String reason) {}
