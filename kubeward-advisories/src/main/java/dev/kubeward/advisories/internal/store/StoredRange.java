package dev.kubeward.advisories.internal.store;

import java.util.List;

/**
 * An OSV range: {@code type} SEMVER or ECOSYSTEM; events each with one kind (introduced, fixed, last_affected, limit).
 * {@code sorted} says whether the events were put in version order at import (they are not when a version in them
 * does not parse, and then matching reports "unknown").
 */
public record StoredRange(String type, List<Event> events, boolean sorted) {
  /** One range event. */
  public record Event(String kind, String version) {}
}
