package dev.kubeward.risk;

import dev.kubeward.model.ResourceRef;

/**
 * The hook through which runtime detection feeds the risk engine: open runtime alerts on a workload raise the risk of
 * every vulnerable component it runs. {@link #NONE} until the runtime capability provides one.
 */
@FunctionalInterface
public interface RuntimeSignals {
  /** No runtime information. */
  RuntimeSignals NONE = workload -> 0;

  /** How many runtime alerts are open on a top-level workload. */
  int openAlerts(ResourceRef workload);
}
