package dev.kubeward.runtime.event;

/**
 * Where the original of a normalized event is: the format, the batch (or file) it came in, and its position there.
 * The server keeps raw batches for the retention period, so "Open logs" can show the original.
 *
 * @param format the {@link EventFormat#id()} that read it
 * @param batchId the batch id the server gave the request, or the file name for replays
 * @param index position of the event within the batch (0-based), or the line number in a file (1-based)
 */
public record RawRef(String format, String batchId, long index) {
  public RawRef {
    format = format == null ? "" : format;
    batchId = batchId == null ? "" : batchId;
  }

  @Override
  public String toString() {
    return format + ":" + batchId + "#" + index;
  }
}
