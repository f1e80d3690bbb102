package dev.kubeward.server.workspace;

import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.db.IdGenerator;
import dev.kubeward.server.settings.SettingsDao;
import dev.kubeward.server.settings.SettingsScope;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, renames and deletes workspaces and clusters, keeping names unique and settings in step. */
@Service
public class WorkspaceService {
  private final WorkspaceDao workspaces;
  private final ClusterDao clusters;
  private final SettingsDao settings;
  private final ActivityLog activity;
  private final IdGenerator ids;
  private final Clock clock;

  public WorkspaceService(WorkspaceDao workspaces, ClusterDao clusters, SettingsDao settings, ActivityLog activity,
      IdGenerator ids, Clock clock) {
    this.workspaces = workspaces;
    this.clusters = clusters;
    this.settings = settings;
    this.activity = activity;
    this.ids = ids;
    this.clock = clock;
  }

  public Workspace workspace(String id) {
    return workspaces.find(id).orElseThrow(() -> ApiException.notFound("workspace", id));
  }

  public Cluster cluster(String id) {
    return clusters.find(id).orElseThrow(() -> ApiException.notFound("cluster", id));
  }

  @Transactional
  public Workspace createWorkspace(String name, String description, String actor) {
    if (workspaces.findByName(name).isPresent()) {
      throw ApiException.conflict("a workspace named '" + name + "' already exists");
    }
    Workspace w = new Workspace(ids.newId(), name, nullToEmpty(description), clock.instant());
    workspaces.insert(w);
    activity.record(actor, "workspace.create", "workspace", w.id(), name);
    return w;
  }

  @Transactional
  public Workspace updateWorkspace(String id, String name, String description, String actor) {
    Workspace w = workspace(id);
    workspaces.findByName(name).filter(o -> !o.id().equals(id)).ifPresent(o -> {
      throw ApiException.conflict("a workspace named '" + name + "' already exists");
    });
    workspaces.update(id, name, nullToEmpty(description));
    activity.record(actor, "workspace.update", "workspace", id, w.name() + " -> " + name);
    return workspace(id);
  }

  /** Deletes a workspace with its clusters and their settings. */
  @Transactional
  public void deleteWorkspace(String id, String actor) {
    Workspace w = workspace(id);
    for (Cluster c : clusters.inWorkspace(id)) {
      settings.deleteScope(SettingsScope.cluster(c.id()));
    }
    settings.deleteScope(SettingsScope.workspace(id));
    workspaces.delete(id);
    activity.record(actor, "workspace.delete", "workspace", id, w.name());
  }

  @Transactional
  public Cluster createCluster(String workspaceId, String name, String description, String actor) {
    workspace(workspaceId);
    if (clusters.findByName(workspaceId, name).isPresent()) {
      throw ApiException.conflict("the workspace already has a cluster named '" + name + "'");
    }
    Cluster c = new Cluster(ids.newId(), workspaceId, name, nullToEmpty(description), clock.instant());
    clusters.insert(c);
    activity.record(actor, "cluster.create", "cluster", c.id(), name);
    return c;
  }

  @Transactional
  public Cluster updateCluster(String id, String name, String description, String actor) {
    Cluster c = cluster(id);
    clusters.findByName(c.workspaceId(), name).filter(o -> !o.id().equals(id)).ifPresent(o -> {
      throw ApiException.conflict("the workspace already has a cluster named '" + name + "'");
    });
    clusters.update(id, name, nullToEmpty(description));
    activity.record(actor, "cluster.update", "cluster", id, c.name() + " -> " + name);
    return cluster(id);
  }

  @Transactional
  public void deleteCluster(String id, String actor) {
    Cluster c = cluster(id);
    settings.deleteScope(SettingsScope.cluster(id));
    clusters.delete(id);
    activity.record(actor, "cluster.delete", "cluster", id, c.name());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
