package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings bar of a cluster or a workspace: for each kind, the headline ("3 High alerts", "12 Critical-risk
 * vulnerable components", "7 failing controls in cis-1.8") and the counts behind it. Built from the counts table, so
 * it costs a few dozen rows whatever the number of findings. Exempted findings are counted apart, never dropped.
 *
 * @param kinds one entry per finding kind, in tab order
 */
public record FindingsBar(List<KindBar> kinds) {

  /**
   * One kind's part of the bar.
   *
   * @param open findings needing attention (open, in progress, active)
   * @param headline the most urgent group among them, or null when there is none
   * @param bySeverity open findings per severity (every severity present, zero included)
   * @param byRisk open findings per risk level; those without a level are not counted here
   * @param exempted findings covered by an exception
   * @param exemptedBySeverity exempted findings per severity
   * @param resolved resolved (and dismissed) findings
   * @param overdue open findings past their due date
   * @param standards for compliance: failing controls per standard, most first
   */
  public record KindBar(FindingKind kind, long open, Headline headline, Map<Severity, Long> bySeverity,
      Map<RiskLevel, Long> byRisk, long exempted, Map<Severity, Long> exemptedBySeverity, long resolved, long overdue,
      List<StandardCount> standards) {}

  /**
   * The headline of a kind: the count at its highest risk level, when the risk engine rated any, otherwise at its
   * highest severity.
   *
   * @param basis {@code risk} or {@code severity}
   * @param level the level counted
   * @param text e.g. "12 Critical-risk vulnerable components"
   */
  public record Headline(String basis, String level, long count, String text) {}

  /** Failing controls of one standard. */
  public record StandardCount(String standardId, long failing) {}

  /** Builds the bar from count buckets and overdue counts. */
  public static FindingsBar of(Collection<FindingCountsDao.Count> counts, Map<String, Long> overdue) {
    List<KindBar> kinds = new ArrayList<>();
    for (FindingKind kind : FindingKind.values()) {
      String k = FindingEnums.kind(kind);
      Map<Severity, Long> bySeverity = zeroes(Severity.class);
      Map<RiskLevel, Long> byRisk = zeroes(RiskLevel.class);
      Map<Severity, Long> exemptedBySeverity = zeroes(Severity.class);
      Map<String, Long> standards = new LinkedHashMap<>();
      long open = 0;
      long exempted = 0;
      long resolved = 0;
      for (FindingCountsDao.Count c : counts) {
        if (!c.kind().equals(k)) {
          continue;
        }
        FindingStatus status = FindingStatus.fromColumn(c.status());
        Severity sev = FindingEnums.severityFromRank(c.severity());
        if (status.unresolved()) {
          open += c.n();
          bySeverity.merge(sev, c.n(), Long::sum);
          RiskLevel risk = FindingEnums.riskFromRank(c.risk());
          if (risk != null) {
            byRisk.merge(risk, c.n(), Long::sum);
          }
          if (!c.standardId().isEmpty()) {
            standards.merge(c.standardId(), c.n(), Long::sum);
          }
        } else if (status == FindingStatus.EXEMPTED) {
          exempted += c.n();
          exemptedBySeverity.merge(sev, c.n(), Long::sum);
        } else {
          resolved += c.n();
        }
      }
      List<StandardCount> perStandard = standards.entrySet().stream()
          .map(e -> new StandardCount(e.getKey(), e.getValue()))
          .sorted(Comparator.comparingLong(StandardCount::failing).reversed().thenComparing(StandardCount::standardId))
          .toList();
      kinds.add(new KindBar(kind, open, headline(kind, bySeverity, byRisk, perStandard), bySeverity, byRisk, exempted,
          exemptedBySeverity, resolved, overdue.getOrDefault(k, 0L), perStandard));
    }
    return new FindingsBar(kinds);
  }

  private static Headline headline(FindingKind kind, Map<Severity, Long> bySeverity, Map<RiskLevel, Long> byRisk,
      List<StandardCount> standards) {
    if (kind == FindingKind.COMPLIANCE && !standards.isEmpty()) {
      StandardCount top = standards.get(0);
      return new Headline("standard", top.standardId(), top.failing(),
          top.failing() + " failing control" + (top.failing() == 1 ? "" : "s") + " in " + top.standardId());
    }
    for (Map.Entry<RiskLevel, Long> e : byRisk.entrySet()) {
      if (e.getValue() > 0) {
        return new Headline("risk", FindingEnums.risk(e.getKey()), e.getValue(),
            e.getValue() + " " + e.getKey().label() + "-risk " + noun(kind, e.getValue()));
      }
    }
    for (Map.Entry<Severity, Long> e : bySeverity.entrySet()) {
      if (e.getValue() > 0) {
        return new Headline("severity", FindingEnums.severity(e.getKey()), e.getValue(),
            e.getValue() + " " + e.getKey().label() + " " + noun(kind, e.getValue()));
      }
    }
    return null;
  }

  private static String noun(FindingKind kind, long n) {
    String one = switch (kind) {
      case ALERT -> "alert";
      case VULNERABILITY -> "vulnerable component";
      case MISCONFIGURATION -> "misconfiguration";
      case COMPLIANCE -> "failing control";
    };
    return n == 1 ? one : one + "s";
  }

  private static <E extends Enum<E>> Map<E, Long> zeroes(Class<E> type) {
    Map<E, Long> m = new EnumMap<>(type);
    for (E e : type.getEnumConstants()) {
      m.put(e, 0L);
    }
    return m;
  }
}
