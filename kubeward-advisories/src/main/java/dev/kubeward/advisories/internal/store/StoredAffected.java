package dev.kubeward.advisories.internal.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One affected entry of an advisory, filed under its package key.
 *
 * @param advisory the advisory's id
 * @param ecosystem the full OSV ecosystem, with release ({@code AlmaLinux:9}, {@code Debian:12})
 * @param name the package name as the advisory spells it
 * @param ranges SEMVER and ECOSYSTEM ranges, events sorted by version where they parse
 * @param versions the explicit list of affected versions
 * @param severity per-package severity entries
 * @param invalid why some of it could not be read (an unknown range type, an invalid version); empty when sound
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StoredAffected(
    String advisory,
    String ecosystem,
    String name,
    List<StoredRange> ranges,
    List<String> versions,
    List<StoredSeverity> severity,
    String invalid) {

  public StoredAffected {
    ranges = ranges == null ? List.of() : ranges;
    versions = versions == null ? List.of() : versions;
    severity = severity == null ? List.of() : severity;
    invalid = invalid == null ? "" : invalid;
  }
}
