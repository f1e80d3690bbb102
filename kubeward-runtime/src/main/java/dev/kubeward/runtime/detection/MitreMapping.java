package dev.kubeward.runtime.detection;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a detection sits in MITRE ATT&CK.
 *
 * @param tacticId e.g. {@code TA0002}
 * @param tactic e.g. {@code Execution}
 * @param techniqueId e.g. {@code T1609} or a sub-technique {@code T1552.007}
 * @param technique e.g. {@code Container Administration Command}
 */
public record MitreMapping(String tacticId, String tactic, String techniqueId, String technique) {
  private static final Pattern TACTIC = Pattern.compile("TA\\d{4}");
  private static final Pattern TECHNIQUE = Pattern.compile("T\\d{4}(\\.\\d{3})?");

  /** No mapping: only for test alerts, which are not attacks. */
  public static final MitreMapping UNMAPPED = new MitreMapping("", "", "", "");

  public MitreMapping {
    Objects.requireNonNull(tacticId, "tacticId");
    Objects.requireNonNull(tactic, "tactic");
    Objects.requireNonNull(techniqueId, "techniqueId");
    Objects.requireNonNull(technique, "technique");
    boolean unmapped = tacticId.isEmpty() && tactic.isEmpty() && techniqueId.isEmpty() && technique.isEmpty();
    if (!unmapped && !TACTIC.matcher(tacticId).matches()) {
      throw new IllegalArgumentException("MITRE tactic id '" + tacticId + "' is not of the form TA0000");
    }
    if (!unmapped && !TECHNIQUE.matcher(techniqueId).matches()) {
      throw new IllegalArgumentException("MITRE technique id '" + techniqueId + "' is not of the form T0000[.000]");
    }
  }

  /** True for {@link #UNMAPPED}. */
  public boolean unmapped() {
    return techniqueId.isEmpty();
  }

  /** The technique's ATT&CK page ({@code https://attack.mitre.org/techniques/T1552/007/}). */
  public String techniqueUrl() {
    return unmapped() ? "" : "https://attack.mitre.org/techniques/" + techniqueId.replace('.', '/') + "/";
  }

  @Override
  public String toString() {
    return unmapped() ? "unmapped" : tactic + " (" + tacticId + ") / " + technique + " (" + techniqueId + ")";
  }
}
