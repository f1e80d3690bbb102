package dev.kubeward.server.status;

import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/clusters/{id}/status}: every capability's state for one cluster. */
@RestController
public class ClusterStatusController {
  private final WorkspaceService workspaces;
  private final SettingsService settings;
  private final List<ClusterStatusContributor> contributors;

  public ClusterStatusController(WorkspaceService workspaces, SettingsService settings,
      List<ClusterStatusContributor> contributors) {
    this.workspaces = workspaces;
    this.settings = settings;
    this.contributors = contributors;
  }

  /** One capability's state as the API shows it. */
  public record CapabilityView(String capability, String label, String state, String detail, Instant lastRun) {}

  /** A cluster's status. */
  public record ClusterStatusView(String clusterId, List<CapabilityView> capabilities) {}

  @GetMapping("/api/v1/clusters/{id}/status")
  @Operation(summary = "Per capability: whether it ran for this cluster, when, and if not, why")
  public ClusterStatusView status(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    Cluster cluster = workspaces.cluster(id);
    EffectiveSettings effective = settings.effective(id);
    List<CapabilityStatus> all = new ArrayList<>();
    for (ClusterStatusContributor c : contributors) {
      all.addAll(c.status(cluster, effective));
    }
    all.sort(Comparator.comparing(CapabilityStatus::capability));
    return new ClusterStatusView(id, all.stream()
        .map(s -> new CapabilityView(s.capability(), s.label(), stateName(s.state()), s.detail(), s.lastRun()))
        .toList());
  }

  static String stateName(CapabilityStatus.State s) {
    return switch (s) {
      case OK -> "ok";
      case PENDING -> "pending";
      case STALE -> "stale";
      case NOT_EVALUATED -> "notEvaluated";
      case COMPONENT_OFF -> "componentOff";
      case FAILED -> "failed";
    };
  }
}
