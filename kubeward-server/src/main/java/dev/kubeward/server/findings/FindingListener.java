package dev.kubeward.server.findings;

import java.util.List;

/**
 * Hears about assignments and status changes, inside the transaction that made them, so that whatever it records
 * (the notification outbox) commits or rolls back with the change. Implement as a Spring bean.
 */
public interface FindingListener {
  void onEvents(List<FindingEvent> events);
}
