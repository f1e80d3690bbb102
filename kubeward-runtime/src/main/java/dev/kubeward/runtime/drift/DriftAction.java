package dev.kubeward.runtime.drift;

/** What a drift policy does with a drifted process. */
public enum DriftAction {
  /** Expected drift (a tool that installs plugins at start): no alert. */
  ALLOW,
  /** Alert. Also what happens when no policy matches. */
  ALERT
}
