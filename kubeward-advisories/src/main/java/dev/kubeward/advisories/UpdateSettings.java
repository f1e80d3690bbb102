package dev.kubeward.advisories;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How {@code kubeward db update} fetches.
 *
 * @param mirror a base URL serving every source in the slot layout ({@code <mirror>/osv/Go/all.zip}); empty for the
 *     publishers' own locations
 * @param sourceMirrors per-source base URLs, overriding {@code mirror} for that source ("osv" → URL)
 * @param osvEcosystems the OSV ecosystems to download (OSV's names); empty for the default list
 * @param skipSources source ids not to fetch at all (e.g. "nvd")
 * @param nvdFirstYear the first year of NVD's yearly feeds to fetch
 * @param timeout connect and per-request timeout
 */
public record UpdateSettings(
    Optional<URI> mirror,
    Map<String, URI> sourceMirrors,
    List<String> osvEcosystems,
    Set<String> skipSources,
    int nvdFirstYear,
    Duration timeout) {

  public UpdateSettings {
    mirror = mirror == null ? Optional.empty() : mirror;
    sourceMirrors = sourceMirrors == null ? Map.of() : Map.copyOf(sourceMirrors);
    osvEcosystems = osvEcosystems == null ? List.of() : List.copyOf(osvEcosystems);
    skipSources = skipSources == null ? Set.of() : Set.copyOf(skipSources);
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
  }

  /** The publishers' locations, every default ecosystem, NVD from 2002. */
  public static UpdateSettings defaults() {
    return new UpdateSettings(Optional.empty(), Map.of(), List.of(), Set.of(), 2002, Duration.ofMinutes(5));
  }

  /** The same settings with every source fetched from {@code base}. */
  public UpdateSettings withMirror(URI base) {
    return new UpdateSettings(Optional.of(base), sourceMirrors, osvEcosystems, skipSources, nvdFirstYear, timeout);
  }
}
