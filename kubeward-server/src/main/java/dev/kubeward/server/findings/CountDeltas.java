package dev.kubeward.server.findings;

import dev.kubeward.model.FindingKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Changes to the findings bar's counts collected during one write, applied once at its end. Every write path
 * (ingest, status change, exception) records here what it moved from which bucket to which, so the counts table
 * never needs a scan of the findings.
 */
public final class CountDeltas {
  /** One bucket of {@code finding_counts}. */
  public record Bucket(String clusterId, String kind, String standardId, String status, int severity, int risk) {}

  private final Map<Bucket, Long> deltas = new LinkedHashMap<>();

  public void add(String clusterId, FindingKind kind, String standardId, FindingStatus status, int severity, int risk,
      long n) {
    Bucket b = new Bucket(clusterId, FindingEnums.kind(kind), standardId, status.column(), severity, risk);
    deltas.merge(b, n, Long::sum);
  }

  /** Moves one finding from its old state to its new one. */
  public void move(String clusterId, FindingKind kind, String standardId, FindingStatus oldStatus, int oldSeverity,
      int oldRisk, FindingStatus newStatus, int newSeverity, int newRisk) {
    if (oldStatus == newStatus && oldSeverity == newSeverity && oldRisk == newRisk) {
      return;
    }
    add(clusterId, kind, standardId, oldStatus, oldSeverity, oldRisk, -1);
    add(clusterId, kind, standardId, newStatus, newSeverity, newRisk, 1);
  }

  /** Moves a stored finding to another status. */
  public void moveStatus(Finding f, FindingStatus newStatus) {
    int sev = f.severity().ordinal();
    int risk = FindingEnums.riskRank(f.risk());
    move(f.clusterId(), f.kind(), f.standardId(), f.status(), sev, risk, newStatus, sev, risk);
  }

  Map<Bucket, Long> nonZero() {
    Map<Bucket, Long> out = new LinkedHashMap<>();
    deltas.forEach((b, n) -> {
      if (n != 0) {
        out.put(b, n);
      }
    });
    return out;
  }

  public boolean isEmpty() {
    return nonZero().isEmpty();
  }
}
