package dev.kubeward.server.workspace;

import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.api.Page;
import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Clusters: {@code /api/v1/clusters} and {@code /api/v1/workspaces/{id}/clusters}. */
@RestController
public class ClusterController {
  private final WorkspaceService service;
  private final ClusterDao clusters;

  public ClusterController(WorkspaceService service, ClusterDao clusters) {
    this.service = service;
    this.clusters = clusters;
  }

  /** A cluster as the API shows it. */
  public record ClusterView(String id, String workspaceId, String name, String description, Instant createdAt) {
    static ClusterView of(Cluster c) {
      return new ClusterView(c.id(), c.workspaceId(), c.name(), c.description(), c.createdAt());
    }
  }

  /** Body of create and update requests. Names follow Kubernetes' DNS label rules so they work in URLs and files. */
  public record ClusterRequest(
      @NotBlank @Size(max = 63) @Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?",
          message = "must be a DNS label: lower-case letters, digits and '-'") String name,
      @Size(max = 2000) String description) {}

  @GetMapping("/api/v1/clusters")
  public Page<ClusterView> list(@RequestParam(required = false) String workspaceId,
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String sort) {
    PageRequest page = PageRequest.of(limit, cursor, sort, List.of("name", "createdAt"));
    Optional<String> only = CurrentUser.get().clusterScope();
    return Page.of(clusters.list(page, Optional.ofNullable(workspaceId), only), page,
        c -> page.sort().equals("name") ? c.name() : c.createdAt().toString(), Cluster::id)
        .map(ClusterView::of);
  }

  @GetMapping("/api/v1/workspaces/{workspaceId}/clusters")
  public Page<ClusterView> listInWorkspace(@PathVariable String workspaceId,
      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String sort) {
    service.workspace(workspaceId);
    return list(workspaceId, limit, cursor, sort);
  }

  @GetMapping("/api/v1/clusters/{id}")
  public ClusterView get(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    return ClusterView.of(service.cluster(id));
  }

  @PostMapping("/api/v1/workspaces/{workspaceId}/clusters")
  @ResponseStatus(HttpStatus.CREATED)
  public ClusterView create(@PathVariable String workspaceId, @Valid @RequestBody ClusterRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    if (CurrentUser.get().clusterScope().isPresent()) {
      throw ApiException.forbidden("a cluster-scoped token cannot create clusters");
    }
    return ClusterView.of(service.createCluster(workspaceId, body.name(), body.description(), CurrentUser.name()));
  }

  @PutMapping("/api/v1/clusters/{id}")
  public ClusterView update(@PathVariable String id, @Valid @RequestBody ClusterRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    return ClusterView.of(service.updateCluster(id, body.name(), body.description(), CurrentUser.name()));
  }

  @DeleteMapping("/api/v1/clusters/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void delete(@PathVariable String id) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    service.deleteCluster(id, CurrentUser.name());
  }
}
