package dev.kubeward.runtime.event;

import java.time.Instant;
import java.util.Objects;

/**
 * What the ingestion endpoint knows about a batch before reading it.
 *
 * @param cluster the Kubeward cluster id the batch belongs to (from the cluster-scoped ingestion token)
 * @param batchId an id the server gives the batch; raw references point into it
 * @param receivedAt when the batch arrived; used as the event time when an event carries none
 */
public record IngestContext(String cluster, String batchId, Instant receivedAt) {
  public IngestContext {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
