package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a finding stands in the workflow. Recommendations (misconfigurations, vulnerable components, failing
 * controls) move between Open, In progress, Resolved and Exempted; alerts between Active, In progress, Dismissed and
 * Resolved, and become Exempted only through an exception.
 */
public enum FindingStatus {
  OPEN("open", "open"),
  IN_PROGRESS("inProgress", "in_progress"),
  RESOLVED("resolved", "resolved"),
  EXEMPTED("exempted", "exempted"),
  ACTIVE("active", "active"),
  DISMISSED("dismissed", "dismissed");

  /** Statuses that still need someone's attention: counted in the findings bar and checked for being overdue. */
  public static final Set<FindingStatus> UNRESOLVED = EnumSet.of(OPEN, IN_PROGRESS, ACTIVE);

  private static final Set<FindingStatus> RECOMMENDATION = EnumSet.of(OPEN, IN_PROGRESS, RESOLVED, EXEMPTED);
  private static final Set<FindingStatus> ALERT = EnumSet.of(ACTIVE, IN_PROGRESS, DISMISSED, RESOLVED, EXEMPTED);

  private final String apiName;
  private final String column;

  FindingStatus(String apiName, String column) {
    this.apiName = apiName;
    this.column = column;
  }

  /** The name in the API, {@code inProgress}. */
  public String apiName() {
    return apiName;
  }

  /** The value stored in {@code findings.status}. */
  public String column() {
    return column;
  }

  /** True when this status needs attention (counts as open in the bar). */
  public boolean unresolved() {
    return UNRESOLVED.contains(this);
  }

  /** True when a finding of {@code kind} can hold this status at all. */
  public boolean allowedFor(FindingKind kind) {
    return (kind == FindingKind.ALERT ? ALERT : RECOMMENDATION).contains(this);
  }

  /** True when a user may set this status directly; Exempted comes only from an exception. */
  public boolean settableBy(FindingKind kind) {
    return this != EXEMPTED && allowedFor(kind);
  }

  /** The status of a newly reported finding of {@code kind}, or of one that was reopened. */
  public static FindingStatus initial(FindingKind kind) {
    return kind == FindingKind.ALERT ? ACTIVE : OPEN;
  }

  /** The statuses of {@code kind}, in workflow order. */
  public static Set<FindingStatus> of(FindingKind kind) {
    return kind == FindingKind.ALERT ? ALERT : RECOMMENDATION;
  }

  public static FindingStatus fromColumn(String value) {
    for (FindingStatus s : values()) {
      if (s.column.equals(value)) {
        return s;
      }
    }
    throw new IllegalStateException("unknown status in database: " + value);
  }

  /**
   * Parses an API value ({@code inProgress}, {@code in_progress}, {@code IN_PROGRESS}).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static FindingStatus parse(String text) {
    if (text != null) {
      String t = text.trim();
      for (FindingStatus s : values()) {
        if (s.apiName.equalsIgnoreCase(t) || s.column.equalsIgnoreCase(t) || s.name().equalsIgnoreCase(t)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("unknown status '" + text + "'; expected one of "
        + Arrays.stream(values()).map(FindingStatus::apiName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return apiName;
  }
}
