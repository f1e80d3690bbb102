package dev.kubeward.runtime.event;

/**
 * Bounds on what one batch may cost. Anything past a bound rejects the batch with a clear reason instead of growing
 * memory.
 *
 * @param maxBatchBytes bytes of one batch (the HTTP body); {@link Long#MAX_VALUE} for files read as a stream
 * @param maxEventsPerBatch normalized events in one batch
 * @param maxDocumentBytes bytes of one event document (one audit event, one Tetragon line, one Falco alert)
 * @param maxDepth nesting depth of JSON objects and arrays
 * @param maxStringLength characters of one JSON string
 */
public record IngestLimits(
    long maxBatchBytes, int maxEventsPerBatch, long maxDocumentBytes, int maxDepth, int maxStringLength) {

  /** Defaults sized for the API server's webhook batches (400 events of up to a few hundred KiB each). */
  public static final IngestLimits DEFAULT = new IngestLimits(16L << 20, 10_000, 2L << 20, 64, 1_500_000);

  public IngestLimits {
    if (maxBatchBytes <= 0 || maxEventsPerBatch <= 0 || maxDocumentBytes <= 0 || maxDepth <= 0 || maxStringLength <= 0) {
      throw new IllegalArgumentException("ingest limits must be positive");
    }
  }

  /** Limits for reading a file as a stream: no bound on the whole, the usual bounds on each event. */
  public IngestLimits forFiles() {
    return new IngestLimits(Long.MAX_VALUE, Integer.MAX_VALUE, maxDocumentBytes, maxDepth, maxStringLength);
  }
}
