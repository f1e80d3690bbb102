package dev.kubeward.runtime.drift;

/**
 * Knows which files an image contains. The image module provides one from scanned layers; until it does, every
 * answer is {@link Knowledge#UNKNOWN} and drift falls back to the sensor's own signals.
 */
@FunctionalInterface
public interface ImageFileIndex {
  /** Knows nothing. */
  ImageFileIndex NONE = (digest, image, path) -> Knowledge.UNKNOWN;

  /**
   * Whether {@code path} is a file of the image.
   *
   * @param imageDigest the image digest ({@code sha256:...}), or "" when the sensor did not report it
   * @param image the image reference
   * @param path the absolute path of the executable
   */
  Knowledge contains(String imageDigest, String image, String path);

  /** The answer. */
  enum Knowledge {
    IN_IMAGE,
    NOT_IN_IMAGE,
    /** The image has not been scanned, or the index cannot tell. */
    UNKNOWN
  }
}
