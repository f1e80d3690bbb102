package dev.kubeward.server.compliance;

import dev.kubeward.compliance.FailingResource;
import dev.kubeward.compliance.FailingRule;
import dev.kubeward.compliance.RuntimeCoverage;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.FindingEnums;
import dev.kubeward.server.runtime.RuntimeSettings;
import dev.kubeward.server.runtime.SensorStatus;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.status.CapabilityStatus;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A cluster's runtime side for the ATT&CK technique controls: whether a sensor is reporting (the same verdict as the
 * status page's "Runtime sensor" line), which detections are turned off, and the open runtime alerts (findings of
 * kind alert, active or in progress) per detection with the resources they name.
 */
@Service
public class RuntimeCoverageService {
  /** Most open alerts read per assessment; more only add resources to controls that fail already. */
  static final int MAX_ALERTS = 5000;

  private final JdbcClient jdbc;
  private final ClusterDao clusters;
  private final SettingsService settings;
  private final SensorStatus sensors;

  public RuntimeCoverageService(JdbcClient jdbc, ClusterDao clusters, SettingsService settings, SensorStatus sensors) {
    this.jdbc = jdbc;
    this.clusters = clusters;
    this.settings = settings;
    this.sensors = sensors;
  }

  /** The cluster's runtime coverage now; empty for an unknown cluster. */
  public Optional<RuntimeCoverage> coverage(String clusterId) {
    Optional<Cluster> cluster = clusters.find(clusterId);
    if (cluster.isEmpty()) {
      return Optional.empty();
    }
    EffectiveSettings effective = settings.effective(clusterId);
    Optional<NotEvaluated> notReporting = Optional.empty();
    for (CapabilityStatus s : sensors.status(cluster.get(), effective)) {
      if (s.state() != CapabilityStatus.State.OK) {
        notReporting = Optional.of(new NotEvaluated(s.state() == CapabilityStatus.State.COMPONENT_OFF
            ? NotEvaluated.Reason.COMPONENT_OFF : NotEvaluated.Reason.DATA_MISSING, s.detail()));
      }
    }
    return Optional.of(new RuntimeCoverage(notReporting,
        new HashSet<>(effective.stringList(RuntimeSettings.DISABLED_DETECTIONS)), openAlerts(clusterId)));
  }

  private record AlertRow(String detection, String title, Severity severity, ResourceRef resource, String container,
      String message) {}

  private Map<String, FailingRule> openAlerts(String clusterId) {
    List<AlertRow> rows = jdbc.sql("select rule_id, title, severity, resource_kind, namespace, resource_name,"
            + " container, details from findings where cluster_id = ? and kind = 'alert' and present = ?"
            + " and status in ('active', 'in_progress') order by rule_id, id fetch first ? rows only")
        .params(clusterId, true, MAX_ALERTS)
        .query((rs, i) -> new AlertRow(rs.getString("rule_id"), rs.getString("title"),
            FindingEnums.severityFromRank(rs.getInt("severity")),
            new ResourceRef("", rs.getString("resource_kind").isEmpty() ? "Cluster" : rs.getString("resource_kind"),
                rs.getString("namespace"), rs.getString("resource_name")),
            rs.getString("container"), rs.getString("details")))
        .list();
    Map<String, List<AlertRow>> byDetection = new LinkedHashMap<>();
    rows.forEach(r -> byDetection.computeIfAbsent(r.detection(), k -> new ArrayList<>()).add(r));
    Map<String, FailingRule> out = new LinkedHashMap<>();
    byDetection.forEach((detection, list) -> {
      TreeSet<FailingResource> resources = new TreeSet<>();
      Severity worst = Severity.UNKNOWN;
      for (AlertRow r : list) {
        resources.add(new FailingResource(r.resource(), r.container(), r.message()));
        if (r.severity().compareTo(worst) < 0) {
          worst = r.severity();
        }
      }
      out.put(detection, new FailingRule(detection, "Open runtime alert: " + list.get(0).title(), worst,
          "Triage the open alerts of detection " + detection + " on the Alerts tab; the technique counts as failed"
              + " while any is active or in progress.", new ArrayList<>(resources)));
    });
    return out;
  }
}
