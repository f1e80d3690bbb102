package dev.kubeward.image;

import java.io.InputStream;
import java.util.List;

/**
 * An image opened from a registry, a {@code docker save} archive or an OCI layout: its identity, its layers and a way
 * to read each layer. Close it to release temporary files.
 */
public interface Image extends AutoCloseable {
  /** The image as the user named it ({@code alpine:3.19}, {@code docker-archive:/tmp/a.tar}). */
  String name();

  /** The digest of the chosen manifest ({@code sha256:...}), or "" when the source has none (old docker archives). */
  String manifestDigest();

  /** The digest of the config blob (Docker's image id). */
  String configDigest();

  /** The platform the chosen manifest is for, from the config. */
  Platform platform();

  /** Layers from the base up. */
  List<Layer> layers();

  /**
   * Opens a layer's stored bytes (still compressed, if it is). The stream verifies the digest as it is read and
   * throws {@link ImageException} ({@code DIGEST_MISMATCH}) at end of stream if it differs; read it to the end.
   */
  InputStream openLayer(Layer layer);

  @Override
  void close();
}
