package dev.kubeward.server.workspace;

import dev.kubeward.server.api.Page;
import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/workspaces}: list, read, create, rename and delete workspaces. */
@RestController
@RequestMapping("/api/v1/workspaces")
public class WorkspaceController {
  private final WorkspaceService service;
  private final WorkspaceDao workspaces;
  private final ClusterDao clusters;

  public WorkspaceController(WorkspaceService service, WorkspaceDao workspaces, ClusterDao clusters) {
    this.service = service;
    this.workspaces = workspaces;
    this.clusters = clusters;
  }

  /** A workspace as the API shows it. */
  public record WorkspaceView(String id, String name, String description, Instant createdAt) {
    static WorkspaceView of(Workspace w) {
      return new WorkspaceView(w.id(), w.name(), w.description(), w.createdAt());
    }
  }

  /** Body of create and update requests. */
  public record WorkspaceRequest(
      @NotBlank @Size(max = 200) String name, @Size(max = 2000) String description) {}

  @GetMapping
  public Page<WorkspaceView> list(@RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor, @RequestParam(required = false) String sort) {
    PageRequest page = PageRequest.of(limit, cursor, sort, List.of("name", "createdAt"));
    KubewardPrincipal p = CurrentUser.get();
    // A cluster-scoped token sees only the workspace of its cluster.
    Optional<String> only = p.clusterScope().flatMap(clusters::find).map(Cluster::workspaceId);
    if (p.clusterScope().isPresent() && only.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    return Page.of(workspaces.list(page, only), page,
        w -> page.sort().equals("name") ? w.name() : w.createdAt().toString(), Workspace::id)
        .map(WorkspaceView::of);
  }

  @GetMapping("/{id}")
  public WorkspaceView get(@PathVariable String id) {
    Workspace w = service.workspace(id);
    requireVisible(w.id());
    return WorkspaceView.of(w);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  public WorkspaceView create(@Valid @RequestBody WorkspaceRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    requireUnscoped();
    return WorkspaceView.of(service.createWorkspace(body.name().trim(), body.description(), CurrentUser.name()));
  }

  @PutMapping("/{id}")
  public WorkspaceView update(@PathVariable String id, @Valid @RequestBody WorkspaceRequest body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    requireUnscoped();
    return WorkspaceView.of(service.updateWorkspace(id, body.name().trim(), body.description(), CurrentUser.name()));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void delete(@PathVariable String id) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    requireUnscoped();
    service.deleteWorkspace(id, CurrentUser.name());
  }

  private void requireVisible(String workspaceId) {
    CurrentUser.get().clusterScope().ifPresent(scope -> {
      if (clusters.find(scope).map(c -> !c.workspaceId().equals(workspaceId)).orElse(true)) {
        throw dev.kubeward.server.api.ApiException.forbidden("this token is scoped to a cluster of another workspace");
      }
    });
  }

  private static void requireUnscoped() {
    if (CurrentUser.get().clusterScope().isPresent()) {
      throw dev.kubeward.server.api.ApiException.forbidden("a cluster-scoped token cannot change workspaces");
    }
  }
}
