package dev.kubeward.image;

import dev.kubeward.model.ProgressListener;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How images are fetched and read.
 *
 * @param platform the platform to pick from multi-platform images
 * @param cache where blobs, results and temporary files go
 * @param credentials registry credentials
 * @param insecureRegistries registries reached over plain HTTP (loopback addresses always are)
 * @param maxConcurrentPullsPerRegistry how many requests may be in flight to one registry at once
 * @param maxAttempts attempts per request on 429, 5xx and connection failures
 * @param initialBackoff the first wait between attempts, doubled each time
 * @param limits caps on layer content
 * @param progress where pull and layer progress goes
 */
public record ImageOptions(
    Platform platform,
    LayerCache cache,
    RegistryCredentials credentials,
    Set<String> insecureRegistries,
    int maxConcurrentPullsPerRegistry,
    int maxAttempts,
    Duration initialBackoff,
    LayerLimits limits,
    ProgressListener progress) {

  public ImageOptions {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(cache, "cache");
    credentials = credentials == null ? RegistryCredentials.none() : credentials;
    insecureRegistries = insecureRegistries == null ? Set.of() : Set.copyOf(insecureRegistries);
    if (maxConcurrentPullsPerRegistry < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("concurrency and attempts must be at least 1");
    }
    initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
    limits = limits == null ? LayerLimits.DEFAULT : limits;
    progress = progress == null ? ProgressListener.NONE : progress;
  }

  /** Defaults: linux/amd64, 4 pulls per registry, 5 attempts from 500 ms. */
  public static ImageOptions defaults(LayerCache cache) {
    return new ImageOptions(Platform.LINUX_AMD64, cache, RegistryCredentials.none(), Set.of(), 4, 5,
        Duration.ofMillis(500), LayerLimits.DEFAULT, ProgressListener.NONE);
  }

  public ImageOptions withPlatform(Platform p) {
    return new ImageOptions(p, cache, credentials, insecureRegistries, maxConcurrentPullsPerRegistry, maxAttempts,
        initialBackoff, limits, progress);
  }

  public ImageOptions withCredentials(RegistryCredentials c) {
    return new ImageOptions(platform, cache, c, insecureRegistries, maxConcurrentPullsPerRegistry, maxAttempts,
        initialBackoff, limits, progress);
  }

  public ImageOptions withLimits(LayerLimits l) {
    return new ImageOptions(platform, cache, credentials, insecureRegistries, maxConcurrentPullsPerRegistry, maxAttempts,
        initialBackoff, l, progress);
  }

  public ImageOptions withProgress(ProgressListener p) {
    return new ImageOptions(platform, cache, credentials, insecureRegistries, maxConcurrentPullsPerRegistry, maxAttempts,
        initialBackoff, limits, p);
  }

  public ImageOptions withRetries(int attempts, Duration backoff) {
    return new ImageOptions(platform, cache, credentials, insecureRegistries, maxConcurrentPullsPerRegistry, attempts,
        backoff, limits, progress);
  }

  public ImageOptions withMaxConcurrentPullsPerRegistry(int n) {
    return new ImageOptions(platform, cache, credentials, insecureRegistries, n, maxAttempts, initialBackoff, limits,
        progress);
  }
}
