package dev.kubeward.image.internal;

import dev.kubeward.image.Image;
import dev.kubeward.image.Layer;
import dev.kubeward.image.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** An {@link Image} assembled by one of the sources. */
public final class SimpleImage implements Image {
  /** Opens a layer's stored bytes with verification. */
  public interface LayerOpener {
    InputStream open(Layer layer) throws IOException;
  }

  private final String name;
  private final String manifestDigest;
  private final String configDigest;
  private final Platform platform;
  private final List<Layer> layers;
  private final LayerOpener opener;
  private final List<Closeable> resources;

  public SimpleImage(String name, String manifestDigest, String configDigest, Platform platform, List<Layer> layers,
      LayerOpener opener, List<Closeable> resources) {
    this.name = name;
    this.manifestDigest = manifestDigest;
    this.configDigest = configDigest;
    this.platform = platform;
    this.layers = List.copyOf(layers);
    this.opener = opener;
    this.resources = List.copyOf(resources);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String manifestDigest() {
    return manifestDigest;
  }

  @Override
  public String configDigest() {
    return configDigest;
  }

  @Override
  public Platform platform() {
    return platform;
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public InputStream openLayer(Layer layer) {
    try {
      return opener.open(layer);
    } catch (IOException e) {
      throw new dev.kubeward.image.ImageException(dev.kubeward.image.ImageException.Kind.UNAVAILABLE, name,
          layer.digest(), "cannot read layer: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (Closeable c : resources) {
      try {
        c.close();
      } catch (IOException ignored) {
        // Temporary files are also cleaned by the cache.
      }
    }
  }
}
