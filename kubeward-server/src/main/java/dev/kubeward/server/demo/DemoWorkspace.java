package dev.kubeward.server.demo;

import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.Workspace;
import java.util.List;

/** The demo workspace and its clusters, as created by {@link DemoLoader}. */
public record DemoWorkspace(Workspace workspace, List<Cluster> clusters) {
  /** Name of the demo workspace. */
  public static final String NAME = "Demo";
  /** The production-like demo cluster, where every component is on. */
  public static final String SHOP_CLUSTER = "shop-prod";
  /** A second cluster with registry access off, to show what a disabled component looks like. */
  public static final String STAGING_CLUSTER = "shop-staging";
}
