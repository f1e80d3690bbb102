package dev.kubeward.model;

/**
 * The four kinds of findings behind the findings bar, one per dashboard tab. Carried explicitly on every finding so
 * nothing ever has to guess a kind from the shape of an id.
 */
public enum FindingKind {
  /** A runtime security alert (Security alerts tab). */
  ALERT("Security alerts"),
  /** A vulnerable component: one package version in one image or node (Vulnerability assessment tab). */
  VULNERABILITY("Vulnerability assessment"),
  /** A resource failing a posture rule (Misconfigurations tab). */
  MISCONFIGURATION("Misconfigurations"),
  /** A failing control of a compliance standard (Compliance tab). */
  COMPLIANCE("Compliance");

  private final String tab;

  FindingKind(String tab) {
    this.tab = tab;
  }

  /** Title of the dashboard tab that lists findings of this kind. */
  public String tab() {
    return tab;
  }
}
