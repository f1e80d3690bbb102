package dev.kubeward.advisories;

/** Whether the advisory data can be trusted to be current; scan results and the dashboard show it. */
public enum Freshness {
  /** Updated within the allowed age. */
  FRESH,
  /** Older than the allowed age: results may miss recent advisories. */
  STALE,
  /** No database at all: nothing can be matched. */
  MISSING
}
