package dev.kubeward.server.jobs;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** The registry of {@link JobHandler} beans by type. Two handlers for one type are a wiring error and fail the start. */
@Component
public class JobHandlers {
  private final Map<String, JobHandler> byType;

  public JobHandlers(List<JobHandler> handlers) {
    Map<String, JobHandler> m = new TreeMap<>();
    for (JobHandler h : handlers) {
      String type = h.type();
      if (type == null || type.isBlank() || type.length() > 100) {
        throw new IllegalStateException("job handler " + h.getClass().getName() + " has an invalid type '" + type + "'");
      }
      JobHandler previous = m.put(type, h);
      if (previous != null) {
        throw new IllegalStateException("two job handlers for type '" + type + "': " + previous.getClass().getName()
            + " and " + h.getClass().getName());
      }
    }
    this.byType = Collections.unmodifiableMap(m);
  }

  public Optional<JobHandler> get(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** The types with a handler, sorted. */
  public List<String> types() {
    return List.copyOf(byType.keySet());
  }
}
