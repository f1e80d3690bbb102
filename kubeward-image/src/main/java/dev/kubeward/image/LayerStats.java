package dev.kubeward.image;

/**
 * What walking one layer cost.
 *
 * @param compressedBytes bytes read from the stored blob
 * @param uncompressedBytes bytes of tar stream they expanded to
 * @param entries tar entries seen
 * @param duplicates entries whose path an earlier entry of the same layer already had (the later one wins)
 */
public record LayerStats(long compressedBytes, long uncompressedBytes, long entries, long duplicates) {}
