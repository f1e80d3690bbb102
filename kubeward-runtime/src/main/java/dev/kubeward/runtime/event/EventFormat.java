package dev.kubeward.runtime.event;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Map;

/**
 * Reads one sensor's JSON into {@link RuntimeEvent}s. Implementations are found through
 * {@code META-INF/services/dev.kubeward.runtime.event.EventFormat}; add a format by adding a class and one line there.
 *
 * <p>The registry ({@link EventFormats}) owns the stream: it splits the input into top-level JSON values (one
 * object, an array, or JSON lines), enforces the limits and calls {@link #read} once per top-level value. A format
 * reads values through {@link DecodeContext#readValue}, which bounds size and depth, and emits events through
 * {@link DecodeContext#emit}. Example input of the Kubernetes audit format:
 *
 * <pre>{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{"auditID":"...","verb":"create",...}]}</pre>
 */
public interface EventFormat {
  /** Stable id used in endpoint paths, fixtures and raw references ({@code kubernetes-audit}). */
  String id();

  /** Human-readable name ({@code Kubernetes audit events}). */
  String title();

  /** Bumped whenever the normalized output for the same input changes. */
  int version();

  /**
   * True when the first top-level JSON value of an input looks like this format; used to pick a format for files
   * whose format was not named. Must not throw for any input.
   */
  boolean recognizes(Object firstValue);

  /**
   * Reads one top-level JSON value; the parser is on its first token ({@code START_OBJECT} or {@code START_ARRAY}).
   * When this returns, the parser must be on the value's last token.
   *
   * @throws EventInputException for malformed or unknown events (the registry rejects the whole batch)
   */
  void read(JsonParser parser, DecodeContext context) throws IOException, EventInputException;

  /**
   * Helper for {@link #recognizes}: the value, or the first element of an array value, as a JSON object (an empty map
   * when it is neither).
   */
  static Map<String, Object> firstObject(Object value) {
    Object v = value instanceof java.util.List<?> l && !l.isEmpty() ? l.get(0) : value;
    return asObject(v);
  }

  /** Helper for {@link #recognizes}: the value as a JSON object, or an empty map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asObject(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
