package dev.kubeward.server.demo;

import dev.kubeward.server.workspace.Cluster;

/**
 * A capability's part of the demo: it turns bundled inputs into findings for the demo clusters with the real engine.
 * Implement as a Spring bean; {@link DemoLoader} calls every one after creating the demo workspace.
 */
public interface DemoContributor {
  /** Short name for the log ("misconfigurations"). */
  String name();

  /** Runs for each demo cluster, on every start with {@code --demo}; must be idempotent. */
  void contribute(DemoWorkspace demo, Cluster cluster);
}
