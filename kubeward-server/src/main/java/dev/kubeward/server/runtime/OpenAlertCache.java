package dev.kubeward.server.runtime;

import dev.kubeward.model.FindingKind;
import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.server.findings.FindingEvent;
import dev.kubeward.server.findings.FindingListener;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Open alerts remembered per cluster and dedup key, so a repeated hit costs no database lookup. Only committed state
 * goes in; any status change of an alert's finding (through the alerts API, the findings API or a suppression rule)
 * evicts it, so a Resolved alert is never merged into. Bounded: least recently used entries are forgotten and read
 * again from the database when needed.
 */
@Component
public class OpenAlertCache implements FindingListener {
  static final int SIZE = 20_000;

  /** An open alert and the id of its finding. */
  public record Entry(Alert alert, long findingId) {}

  private final Map<Long, String> byFinding = new HashMap<>();
  private final Map<String, Entry> byKey = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      if (size() > SIZE) {
        byFinding.remove(eldest.getValue().findingId());
        return true;
      }
      return false;
    }
  };

  public synchronized Optional<Entry> get(String clusterId, String dedupKey) {
    return Optional.ofNullable(byKey.get(clusterId + "|" + dedupKey));
  }

  public synchronized void put(String clusterId, Alert alert, long findingId) {
    String key = clusterId + "|" + alert.dedupKey();
    byKey.put(key, new Entry(alert, findingId));
    byFinding.put(findingId, key);
  }

  public synchronized void clear() {
    byKey.clear();
    byFinding.clear();
  }

  @Override
  public synchronized void onEvents(List<FindingEvent> events) {
    for (FindingEvent e : events) {
      if (e.kind() == FindingKind.ALERT && e.type() == FindingEvent.Type.STATUS_CHANGED) {
        String key = byFinding.remove(e.findingId());
        if (key != null) {
          byKey.remove(key);
        }
      }
    }
  }
}
