package dev.kubeward.runtime.event;

import java.util.List;

/**
 * A batch that was accepted whole.
 *
 * @param format the format id that read it
 * @param batchId the batch id from the {@link IngestContext}
 * @param events the normalized events, in input order
 * @param bytes bytes read
 */
public record EventBatch(String format, String batchId, List<RuntimeEvent> events, long bytes) {
  public EventBatch {
    events = List.copyOf(events);
  }
}
