package dev.kubeward.image;

/**
 * Caps that stop hostile layers (decompression bombs, huge entries, endless paths) before they cost memory or time.
 *
 * @param maxUncompressedBytes most bytes one layer may expand to
 * @param maxCompressionRatio most uncompressed bytes per compressed byte, checked once {@code ratioGraceBytes} have
 *     been expanded (tiny layers compress well without being bombs)
 * @param ratioGraceBytes uncompressed bytes before the ratio is checked
 * @param maxEntrySize largest single tar entry
 * @param maxPathLength longest entry path in characters
 * @param maxEntries most entries in one layer
 */
public record LayerLimits(
    long maxUncompressedBytes,
    long maxCompressionRatio,
    long ratioGraceBytes,
    long maxEntrySize,
    int maxPathLength,
    long maxEntries) {

  /** Generous enough for real images (a 6 GB layer, 10 million files), tight enough to stop bombs. */
  public static final LayerLimits DEFAULT =
      new LayerLimits(64L << 30, 1_000, 512L << 20, 32L << 30, 4_096, 20_000_000);

  public LayerLimits {
    if (maxUncompressedBytes <= 0 || maxCompressionRatio <= 0 || maxEntrySize <= 0 || maxPathLength <= 0
        || maxEntries <= 0 || ratioGraceBytes < 0) {
      throw new IllegalArgumentException("layer limits must be positive");
    }
  }

  /** These limits with a different cap on the expanded size. */
  public LayerLimits withMaxUncompressedBytes(long bytes) {
    return new LayerLimits(bytes, maxCompressionRatio, ratioGraceBytes, Math.min(maxEntrySize, bytes), maxPathLength,
        maxEntries);
  }

  /** These limits with a different compression ratio cap and grace. */
  public LayerLimits withRatio(long ratio, long graceBytes) {
    return new LayerLimits(maxUncompressedBytes, ratio, graceBytes, maxEntrySize, maxPathLength, maxEntries);
  }
}
