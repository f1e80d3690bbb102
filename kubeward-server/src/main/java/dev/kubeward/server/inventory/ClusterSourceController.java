package dev.kubeward.server.inventory;

import dev.kubeward.inventory.ClusterFacts;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A cluster's source ({@code /api/v1/clusters/{id}/source}) and what its inventory holds. */
@RestController
public class ClusterSourceController {
  private final ClusterInventoryService inventories;
  private final WorkspaceService workspaces;

  public ClusterSourceController(ClusterInventoryService inventories, WorkspaceService workspaces) {
    this.inventories = inventories;
    this.workspaces = workspaces;
  }

  /** How the server reads the cluster. */
  public record SourceView(String mode, String kubeconfigPath, String context, String manifestsPath) {}

  /** Body of PUT: mode none, kubeconfig (path + optional context), inCluster, or manifests (path). */
  public record SourceRequest(@NotBlank String mode, @Size(max = 1000) String kubeconfigPath,
      @Size(max = 253) String context, @Size(max = 1000) String manifestsPath) {}

  /** Where loading stands. */
  public record LoadStateView(String state, String detail, Instant at) {}

  /** A node's versions. */
  public record NodeView(String name, String kubeletVersion, String containerRuntimeVersion, String kernelVersion,
      String osImage) {}

  /** One manifest that did not load. */
  public record ProblemView(String file, int line, String message, boolean skipped) {}

  /** What the inventory holds. */
  public record InventoryView(String clusterId, SourceView source, LoadStateView state, Instant loadedAt,
      String kubernetesVersion, List<NodeView> nodes, Map<String, Long> objectsByKind, Map<String, String> notEvaluated,
      List<ProblemView> problems) {}

  @GetMapping("/api/v1/clusters/{id}/source")
  @Operation(summary = "How the server reads the cluster")
  public SourceView source(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    return view(inventories.source(id));
  }

  @PutMapping("/api/v1/clusters/{id}/source")
  @Operation(summary = "Set how the server reads the cluster and load it (securityAdmin)")
  public LoadStateView setSource(@PathVariable String id, @Valid @RequestBody SourceRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    ClusterSource source = new ClusterSource(ClusterSource.Mode.parse(body.mode()), text(body.kubeconfigPath()),
        text(body.context()), text(body.manifestsPath()));
    return view(inventories.setSource(id, source, CurrentUser.name()));
  }

  @PostMapping("/api/v1/clusters/{id}/inventory/refresh")
  @Operation(summary = "Read the cluster again now (securityAdmin)")
  public LoadStateView refresh(@PathVariable String id) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    return view(inventories.refresh(id));
  }

  @GetMapping("/api/v1/clusters/{id}/inventory")
  @Operation(summary = "What the cluster's inventory holds: objects per kind, kinds not evaluated and why, nodes")
  public InventoryView inventory(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    workspaces.cluster(id);
    ClusterSource source = inventories.source(id);
    LoadStateView state = view(inventories.state(id));
    return inventories.get(id).map(ci -> {
      Inventory inv = ci.inventory();
      Map<String, Long> byKind = inv.all().collect(Collectors.groupingBy(o -> o.ref().kind(), TreeMap::new, Collectors.counting()));
      Map<String, String> notEvaluated = new TreeMap<>();
      inv.notEvaluatedKinds().forEach((k, n) -> notEvaluated.put(k, n.describe()));
      ClusterFacts facts = inv.graph().clusterFacts();
      return new InventoryView(id, view(source), state, ci.loadedAt(), facts.kubernetesVersion(),
          facts.nodes().stream().map(n -> new NodeView(n.name(), n.kubeletVersion(), n.containerRuntimeVersion(),
              n.kernelVersion(), n.osImage())).toList(), byKind, notEvaluated,
          ci.problems().stream().map(p -> new ProblemView(p.location().file(), p.location().line(), p.message(),
              p.skipped())).toList());
    }).orElse(new InventoryView(id, view(source), state, null, null, List.of(), Map.of(), Map.of(), List.of()));
  }

  private static Optional<String> text(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  private static SourceView view(ClusterSource s) {
    return new SourceView(s.mode().apiName(), s.kubeconfigPath().orElse(null), s.context().orElse(null),
        s.manifestsPath().orElse(null));
  }

  private static LoadStateView view(ClusterInventoryService.LoadState s) {
    return new LoadStateView(s.state().name().toLowerCase(), s.detail(), s.at());
  }
}
