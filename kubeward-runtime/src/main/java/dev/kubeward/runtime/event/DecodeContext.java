package dev.kubeward.runtime.event;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import dev.kubeward.runtime.event.internal.BoundedJsonReader;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a format gets while it reads: bounded value reading, the batch's context, and where to put events. Created by
 * {@link EventFormats} for each batch or file.
 */
public final class DecodeContext {
  private final String formatId;
  private final String inputName;
  private final IngestContext ingest;
  private final IngestLimits limits;
  private final Consumer<RuntimeEvent> sink;
  private final BoundedJsonReader reader;
  private JsonParser parser;
  private long emitted;

  DecodeContext(String formatId, String inputName, IngestContext ingest, IngestLimits limits,
      Consumer<RuntimeEvent> sink) {
    this.formatId = formatId;
    this.inputName = inputName;
    this.ingest = ingest;
    this.limits = limits;
    this.sink = sink;
    this.reader = new BoundedJsonReader(limits.maxDocumentBytes(), limits.maxDepth());
  }

  void attach(JsonParser p) {
    this.parser = p;
  }

  /** The batch's cluster, id and arrival time. */
  public IngestContext ingest() {
    return ingest;
  }

  /**
   * Reads the value at the parser's current token as plain Java: {@code Map<String,Object>} (insertion-ordered),
   * {@code List<Object>}, {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code null}. The value may
   * not exceed {@link IngestLimits#maxDocumentBytes()}.
   */
  public Object readValue(JsonParser p) throws IOException, EventInputException {
    try {
      return reader.read(p);
    } catch (BoundedJsonReader.TooLargeException e) {
      throw problem(EventInputException.Reason.TOO_LARGE, e.getMessage());
    }
  }

  /** Decodes one JSON object of a format; may throw for a malformed or unknown event. */
  @FunctionalInterface
  public interface ObjectDecoder {
    void decode(Map<String, Object> object, DecodeContext context) throws EventInputException;
  }

  /**
   * Reads the array of objects the parser is on, one object at a time so a large batch is never held whole, handing
   * each to {@code decoder}; any element that is not an object rejects the batch, naming {@code what} was expected.
   */
  @SuppressWarnings("unchecked")
  public void readArrayOfObjects(JsonParser p, String what, ObjectDecoder decoder)
      throws IOException, EventInputException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw problem(EventInputException.Reason.MALFORMED, "expected " + what + " in the array, found " + t);
      }
      Object value = readValue(p);
      decoder.decode(value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(), this);
    }
  }

  /** Where the next emitted event comes from. */
  public RawRef nextRawRef() {
    return new RawRef(formatId, ingest.batchId(), emitted);
  }

  /**
   * Hands over one normalized event.
   *
   * @throws EventInputException when the batch exceeds {@link IngestLimits#maxEventsPerBatch()}
   */
  public void emit(RuntimeEvent event) throws EventInputException {
    if (emitted >= limits.maxEventsPerBatch()) {
      throw problem(EventInputException.Reason.TOO_MANY_EVENTS,
          "more than " + limits.maxEventsPerBatch() + " events in one batch");
    }
    emitted++;
    sink.accept(event);
  }

  /** Events emitted so far. */
  public long emitted() {
    return emitted;
  }

  /** An exception for this input, its message prefixed with the input name and the parser's position. */
  public EventInputException problem(EventInputException.Reason reason, String message) {
    return new EventInputException(reason, where() + message);
  }

  String where() {
    StringBuilder sb = new StringBuilder(inputName);
    if (parser != null) {
      JsonLocation loc = parser.currentTokenLocation();
      if (loc != null && loc.getLineNr() > 0) {
        sb.append(", line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr());
      }
    }
    return sb.append(": ").toString();
  }
}
