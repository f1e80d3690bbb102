package dev.kubeward.server.demo;

import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.server.settings.ProtectionSettings;
import dev.kubeward.server.settings.SettingsScope;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import dev.kubeward.server.workspace.Workspace;
import dev.kubeward.server.workspace.WorkspaceDao;
import dev.kubeward.server.workspace.WorkspaceService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the demo workspace on {@code serve --demo} (once; later starts reuse it) and runs every
 * {@link DemoContributor} on its clusters.
 */
@Component
@Order(10)
public class DemoLoader implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);
  private static final String ACTOR = "kubeward-demo";

  private final boolean enabled;
  private final WorkspaceService service;
  private final WorkspaceDao workspaces;
  private final ClusterDao clusters;
  private final SettingsService settings;
  private final List<DemoContributor> contributors;

  public DemoLoader(@Value("${kubeward.demo:false}") boolean enabled, WorkspaceService service,
      WorkspaceDao workspaces, ClusterDao clusters, SettingsService settings, List<DemoContributor> contributors) {
    this.enabled = enabled;
    this.service = service;
    this.workspaces = workspaces;
    this.clusters = clusters;
    this.settings = settings;
    this.contributors = contributors;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (enabled) {
      load();
    }
  }

  /** Creates (or finds) the demo workspace and runs the contributors. */
  public DemoWorkspace load() {
    Workspace ws = workspaces.findByName(DemoWorkspace.NAME).orElseGet(() -> {
      Workspace w = service.createWorkspace(DemoWorkspace.NAME,
          "Sample workspace built from bundled manifests, SBOMs and recorded events by the real engines.", ACTOR);
      // The workspace decides the sensor for all its clusters; staging turns registry access off on its own.
      settings.patch(SettingsScope.workspace(w.id()),
          Map.of(ProtectionSettings.key(ProtectionComponent.SENSOR), true), ACTOR);
      return w;
    });
    List<Cluster> demoClusters = new ArrayList<>();
    demoClusters.add(clusters.findByName(ws.id(), DemoWorkspace.SHOP_CLUSTER).orElseGet(() -> service.createCluster(
        ws.id(), DemoWorkspace.SHOP_CLUSTER, "Online shop, production (demo)", ACTOR)));
    demoClusters.add(clusters.findByName(ws.id(), DemoWorkspace.STAGING_CLUSTER).orElseGet(() -> {
      Cluster c = service.createCluster(ws.id(), DemoWorkspace.STAGING_CLUSTER, "Online shop, staging (demo)", ACTOR);
      settings.patch(SettingsScope.cluster(c.id()),
          Map.of(ProtectionSettings.key(ProtectionComponent.REGISTRY_ACCESS), false,
              ProtectionSettings.key(ProtectionComponent.SENSOR), false), ACTOR);
      return c;
    }));
    DemoWorkspace demo = new DemoWorkspace(ws, List.copyOf(demoClusters));
    for (DemoContributor c : contributors) {
      for (Cluster cluster : demo.clusters()) {
        long start = System.nanoTime();
        c.contribute(demo, cluster);
        log.info("demo: {} for {} in {} ms", c.name(), cluster.name(), (System.nanoTime() - start) / 1_000_000);
      }
    }
    return demo;
  }
}
