package dev.quire.codec;

/**
 * Limits applied when parsing a file, so that a hostile or broken file cannot exhaust memory
 * or the stack. Defaults: 64 MiB per file (an interaction may carry attachments of several
 * megabytes), 64 levels of nesting.
 */
public record CodecLimits(long maxFileBytes, int maxDepth) {

  public static final CodecLimits DEFAULT = new CodecLimits(64L << 20, 64);

  public CodecLimits {
    if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("maxFileBytes out of range: " + maxFileBytes);
    }
    if (maxDepth < 2) {
      throw new IllegalArgumentException("maxDepth < 2: " + maxDepth);
    }
  }

  public CodecLimits withMaxFileBytes(long bytes) {
    return new CodecLimits(bytes, maxDepth);
  }

  public CodecLimits withMaxDepth(int depth) {
    return new CodecLimits(maxFileBytes, depth);
  }
}
