/**
 * API. The canonical YAML and JSON form of entity files ({@link dev.quire.codec.EntityCodec}):
 * safe parsing with limits, byte-stable writing, big JSON documents element by element; the
 * writers themselves are package-private.
 */
package dev.quire.codec;
