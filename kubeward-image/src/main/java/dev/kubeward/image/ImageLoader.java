package dev.kubeward.image;

import dev.kubeward.image.internal.LocalImages;
import dev.kubeward.image.internal.RegistryClient;
import dev.kubeward.image.internal.RegistryImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens images by the names users give: {@code docker-archive:PATH}, {@code oci:PATH[:TAG]} or a registry reference
 * ({@code alpine:3.19}, {@code 127.0.0.1:5000/app@sha256:...}). One loader shares its registry connections, tokens
 * and concurrency limits across all images it opens; it is safe to use from several threads.
 */
public final class ImageLoader {
  private final ImageOptions options;
  private final RegistryClient registry;

  public ImageLoader(ImageOptions options) {
    this.options = options;
    this.registry = new RegistryClient(options.credentials(), options.insecureRegistries(),
        options.maxConcurrentPullsPerRegistry(), options.maxAttempts(), options.initialBackoff(), Duration.ofSeconds(20));
  }

  public ImageOptions options() {
    return options;
  }

  /**
   * Opens an image.
   *
   * @throws ImageException naming the image when it cannot be found, fetched or understood
   */
  public Image open(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new ImageException(ImageException.Kind.BAD_INPUT, "", "", "no image given");
    }
    if (spec.startsWith("docker-archive:")) {
      Path file = Path.of(spec.substring("docker-archive:".length()));
      return LocalImages.dockerArchive(spec, file, options.cache(), options.limits());
    }
    if (spec.startsWith("oci:") || spec.startsWith("oci-archive:")) {
      String rest = spec.substring(spec.indexOf(':') + 1);
      String tag = "";
      Path location = Path.of(rest);
      int colon = rest.lastIndexOf(':');
      if (!Files.exists(location) && colon > 0 && !rest.substring(colon + 1).contains("/")) {
        tag = rest.substring(colon + 1);
        location = Path.of(rest.substring(0, colon));
      }
      if (!Files.exists(location)) {
        throw new ImageException(ImageException.Kind.NOT_FOUND, spec, "", "no such file or folder: " + location);
      }
      return LocalImages.ociLayout(spec, location, tag, options.platform(), options.cache(), options.limits());
    }
    String ref = spec.startsWith("docker://") ? spec.substring("docker://".length()) : spec;
    ImageReference parsed = ImageReference.parse(ref);
    return RegistryImages.open(spec, parsed, options.platform(), registry, options.cache(), options.progress());
  }
}
