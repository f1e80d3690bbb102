package dev.kubeward.server.runtime;

import dev.kubeward.server.settings.SettingsService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes stored runtime events older than each cluster's retention ({@value RuntimeSettings#RETENTION_DAYS}). Alerts
 * keep their evidence references; only "Open logs" for old alerts comes back empty, and says why.
 */
@Component
public class RuntimeEventPurgeJob {
  private static final Logger log = LoggerFactory.getLogger(RuntimeEventPurgeJob.class);

  private final RuntimeEventStore store;
  private final SettingsService settings;
  private final Clock clock;

  public RuntimeEventPurgeJob(RuntimeEventStore store, SettingsService settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${kubeward.runtime.purge-interval:PT1H}", initialDelayString = "PT1M")
  public void scheduled() {
    try {
      purge();
    } catch (RuntimeException e) {
      log.warn("purging old runtime events failed: {}", e.getMessage());
    }
  }

  /** Purges every cluster now; returns the batches deleted. */
  public int purge() {
    int deleted = 0;
    Instant now = clock.instant();
    for (String clusterId : store.clustersWithEvents()) {
      long days = retentionDays(clusterId);
      deleted += store.purge(clusterId, now.minus(Duration.ofDays(days)));
    }
    return deleted;
  }

  /** The retention of a cluster in days. */
  long retentionDays(String clusterId) {
    try {
      return settings.effective(clusterId).integer(RuntimeSettings.RETENTION_DAYS);
    } catch (RuntimeException e) {
      return 7;
    }
  }
}
