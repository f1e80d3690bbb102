package dev.kubeward.image;

import java.util.Objects;

/**
 * Getting or reading an image failed. The message always names the image and, where one is involved, the layer, so
 * that one bad image among many can be told apart; the scan of other images goes on.
 */
public class ImageException extends RuntimeException {
  private final Kind kind;
  private final String image;
  private final String layer;

  public ImageException(Kind kind, String image, String layer, String message, Throwable cause) {
    super(compose(image, layer, message), cause);
    this.kind = Objects.requireNonNull(kind);
    this.image = image == null ? "" : image;
    this.layer = layer == null ? "" : layer;
  }

  public ImageException(Kind kind, String image, String layer, String message) {
    this(kind, image, layer, message, null);
  }

  private static String compose(String image, String layer, String message) {
    StringBuilder b = new StringBuilder();
    if (image != null && !image.isEmpty()) {
      b.append("image ").append(image);
    }
    if (layer != null && !layer.isEmpty()) {
      b.append(b.length() > 0 ? ", " : "").append("layer ").append(layer);
    }
    return b.length() == 0 ? message : b + ": " + message;
  }

  /** What went wrong, for callers that react differently (retry later, ask for credentials, flag tampering). */
  public Kind kind() {
    return kind;
  }

  /** The image as the user named it. */
  public String image() {
    return image;
  }

  /** The layer's digest, or "" when the failure is not about one layer. */
  public String layer() {
    return layer;
  }

  /** Categories of failure. */
  public enum Kind {
    /** The reference, archive or layout is malformed or not an image. */
    BAD_INPUT,
    /** The registry or archive has no such image, tag or blob. */
    NOT_FOUND,
    /** The registry refused the credentials, or none were given for a private image. */
    UNAUTHORIZED,
    /** Content did not hash to the digest that names it. */
    DIGEST_MISMATCH,
    /** A layer's compression or tar stream is truncated or corrupt. */
    CORRUPT_LAYER,
    /** A tar entry tried to leave the root (absolute path, "..") or a symlink chain loops. */
    UNSAFE_ENTRY,
    /** A size or ratio cap was exceeded (decompression bomb, huge entry). */
    LIMIT_EXCEEDED,
    /** The format is valid but not supported (schema 1 manifests, unknown compression, no matching platform). */
    UNSUPPORTED,
    /** The registry could not be reached or kept failing after retries. */
    UNAVAILABLE
  }
}
