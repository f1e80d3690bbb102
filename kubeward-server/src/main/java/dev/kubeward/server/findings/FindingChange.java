package dev.kubeward.server.findings;

import java.time.Instant;

/**
 * One entry of a finding's history: who changed which field, from what to what, and why.
 *
 * @param field {@code status}, {@code owner}, {@code dueDate}, {@code severity}, {@code risk}, {@code exception} or
 *     {@code ticket}
 * @param oldValue the value before, null when there was none
 * @param newValue the value after, null when cleared
 */
public record FindingChange(long findingId, Instant at, String actor, String field, String oldValue, String newValue,
    String comment) {
  public FindingChange {
    comment = comment == null ? "" : comment.length() <= 4000 ? comment : comment.substring(0, 3999) + "…";
    oldValue = clip(oldValue);
    newValue = clip(newValue);
  }

  private static String clip(String v) {
    return v == null || v.length() <= 500 ? v : v.substring(0, 499) + "…";
  }
}
