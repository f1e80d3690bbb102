package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How kinds, severities and risk levels are written in the database and the API. Severity and risk are stored as
 * ranks (0 = worst), so that "worst first" is an ascending index scan; {@link #NO_RISK} marks a finding the risk
 * engine has not rated.
 */
public final class FindingEnums {
  /** Stored risk rank of a finding without a risk level; sorts after every level. */
  public static final int NO_RISK = 9;

  private FindingEnums() {}

  /** {@code misconfiguration}: the value in the database and the API. */
  public static String kind(FindingKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  public static FindingKind kindFromColumn(String value) {
    return FindingKind.valueOf(value.toUpperCase(Locale.ROOT));
  }

  /**
   * Parses an API kind ({@code vulnerability}, also the plural {@code vulnerabilities} and {@code alerts}).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static FindingKind parseKind(String text) {
    if (text != null) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      for (FindingKind k : FindingKind.values()) {
        String n = kind(k);
        if (t.equals(n) || t.equals(n + "s") || (k == FindingKind.VULNERABILITY && t.equals("vulnerabilities"))) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException("unknown finding kind '" + text + "'; expected one of "
        + Arrays.stream(FindingKind.values()).map(FindingEnums::kind).collect(Collectors.joining(", ")));
  }

  /** {@code high}: a severity in the API. */
  public static String severity(Severity s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  public static Severity severityFromRank(int rank) {
    return Severity.values()[rank];
  }

  /** {@code critical}: a risk level in the API, or null. */
  public static String risk(RiskLevel r) {
    return r == null ? null : r.name().toLowerCase(Locale.ROOT);
  }

  public static int riskRank(RiskLevel r) {
    return r == null ? NO_RISK : r.ordinal();
  }

  /** The risk level of a stored rank; null for {@link #NO_RISK}. */
  public static RiskLevel riskFromRank(int rank) {
    return rank == NO_RISK ? null : RiskLevel.values()[rank];
  }

  /** True for the kinds that are recommendations rather than alerts. */
  public static boolean isRecommendation(FindingKind kind) {
    return kind != FindingKind.ALERT;
  }
}
