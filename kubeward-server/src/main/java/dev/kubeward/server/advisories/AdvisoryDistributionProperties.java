package dev.kubeward.server.advisories;

import dev.kubeward.advisories.UpdateSettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the advisory database is shared and updated ({@code kubeward.advisories.*}; the folder itself is
 * {@code kubeward.advisories.dir}).
 *
 * @param sync copying builds between processes through PostgreSQL
 * @param update the optional periodic update from mirrors, off unless an interval is set
 */
@ConfigurationProperties("kubeward.advisories")
public record AdvisoryDistributionProperties(@DefaultValue Sync sync, @DefaultValue Update update) {

  /**
   * @param enabled publish this process's newer builds to PostgreSQL and copy newer published builds into its folder
   *     (PostgreSQL only; with embedded H2 there is nothing to share)
   * @param interval how often the newest published build is compared with this process's (one small query)
   */
  public record Sync(@DefaultValue("true") boolean enabled, @DefaultValue("PT60S") Duration interval) {}

  /**
   * @param interval time between updates from the mirrors (an `advisory-update` job run by one job runner, the new
   *     build then published to every process); empty (the default) never updates: an air-gapped install must not
   *     reach out unless told to. E.g. `6h`
   * @param mirror base URL serving every source in the mirror layout, as `kubeward db update --mirror`; empty for
   *     the publishers' own locations (OSV, CISA, FIRST, NVD on the internet)
   * @param sourceMirror per-source base URLs, as `--source-mirror` (e.g. `kubeward.advisories.update.source-mirror.osv`)
   * @param ecosystems OSV ecosystems to download, as `--ecosystem`; empty for every known one
   * @param skip sources not to download, as `--skip` (e.g. `nvd`)
   * @param nvdFrom first year of NVD feeds, as `--nvd-from`
   * @param timeout network timeout per request, as `--timeout`
   */
  public record Update(Optional<Duration> interval, Optional<URI> mirror, Map<String, URI> sourceMirror,
      List<String> ecosystems, List<String> skip, @DefaultValue("2002") int nvdFrom,
      @DefaultValue("PT5M") Duration timeout) {
    public Update {
      interval = interval == null ? Optional.empty() : interval.filter(d -> !d.isZero() && !d.isNegative());
      mirror = mirror == null ? Optional.empty() : mirror.filter(u -> !u.toString().isBlank());
      sourceMirror = sourceMirror == null ? Map.of() : Map.copyOf(sourceMirror);
      ecosystems = ecosystems == null ? List.of() : List.copyOf(ecosystems);
      skip = skip == null ? List.of() : List.copyOf(skip);
    }

    /** Whether periodic updates are on. */
    public boolean enabled() {
      return interval.isPresent();
    }

    /** The same settings as {@code kubeward db update} with these options. */
    public UpdateSettings settings() {
      return new UpdateSettings(mirror, sourceMirror, ecosystems, new HashSet<>(skip), nvdFrom, timeout);
    }
  }
}
