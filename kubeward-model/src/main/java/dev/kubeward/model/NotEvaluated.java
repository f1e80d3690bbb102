package dev.kubeward.model;

import java.util.Objects;

/**
 * Says that something could not be checked and why. Scanners report this instead of a pass whenever they lack the
 * access, the data or the component to decide; the dashboard counts it separately and never as passed.
 *
 * @param reason the category, for filtering and counting
 * @param detail a sentence for the user, e.g. "the credentials may not list ClusterRoles (403 Forbidden)"
 */
public record NotEvaluated(Reason reason, String detail) {
  public NotEvaluated {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }

  /** Why something was not evaluated. */
  public enum Reason {
    /** The protection component that produces it is turned off in the settings. */
    COMPONENT_OFF("component off"),
    /** The credentials may not read what the check needs (Kubernetes RBAC, registry auth). */
    FORBIDDEN("forbidden"),
    /** The input lacks the data the check needs (no digest, no node facts, stale database). */
    DATA_MISSING("data missing"),
    /** The check itself failed (a rule error, a parser error). */
    ERROR("error");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    /** Short text shown to users. */
    public String label() {
      return label;
    }
  }

  /** "not evaluated: forbidden (detail)". */
  public String describe() {
    return "not evaluated: " + reason.label() + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
