package dev.kubeward.server.admission;

/**
 * Looks up the scan result of an image digest in one cluster for admission. Called on the admission path, so an
 * implementation answers from memory for digests it has seen recently; the default is
 * {@link FindingsImageVerdictSource}.
 */
public interface ImageVerdictSource {
  /**
   * The verdict for {@code digest} ({@code sha256:...}) in {@code clusterId}.
   *
   * @return {@link ImageVerdict#UNSCANNED} when nothing is known
   */
  ImageVerdict verdict(String clusterId, String digest);
}
