package dev.kubeward.image;

import java.util.Objects;

/**
 * One layer of an image, in the order it is applied.
 *
 * @param index position from the base (0) up
 * @param digest digest of the blob as stored (compressed for registry and OCI images; for a {@code docker save}
 *     archive without blobs, the uncompressed tar's digest)
 * @param diffId digest of the uncompressed tar from the image config, or "" when the config lacks it
 * @param size size of the stored blob in bytes, or -1 when unknown
 * @param mediaType the blob's media type, or "" when the source does not say
 */
public record Layer(int index, String digest, String diffId, long size, String mediaType) {
  public Layer {
    Objects.requireNonNull(digest, "digest");
    diffId = diffId == null ? "" : diffId;
    mediaType = mediaType == null ? "" : mediaType;
  }

  /** The name to show the user and to key caches by: the digest. */
  @Override
  public String toString() {
    return digest;
  }
}
