package dev.kubeward.risk;

import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.util.List;

/**
 * One vulnerability of a component, scored in the component's context.
 *
 * @param id the CVE id where there is one, else the advisory's id
 * @param advisoryId the advisory that matched
 * @param aliases the vulnerability's other ids
 * @param summary one line about it
 * @param severity the advisory's severity
 * @param cvss the highest CVSS base score (or the one assumed from the severity)
 * @param cvssVector the vector of that score, or ""
 * @param epss EPSS probability 0..1, or null when not scored
 * @param epssPercentile EPSS percentile 0..1, or null
 * @param kev listed by CISA as exploited
 * @param kevDateAdded when CISA listed it, or ""
 * @param fixedVersions versions that fix it (empty: no fix yet)
 * @param score its score in context, 0..100
 * @param level its risk level
 */
public record CveRisk(String id, String advisoryId, List<String> aliases, String summary, Severity severity,
    double cvss, String cvssVector, Double epss, Double epssPercentile, boolean kev, String kevDateAdded,
    List<String> fixedVersions, double score, RiskLevel level) {
  public CveRisk {
    aliases = List.copyOf(aliases);
    fixedVersions = List.copyOf(fixedVersions);
  }
}
