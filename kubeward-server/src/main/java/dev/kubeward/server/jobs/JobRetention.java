package dev.kubeward.server.jobs;

import dev.kubeward.server.jobs.internal.JobDao;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes done and dead jobs older than {@code kubeward.jobs.retention} (7 days), hourly, so the queue table holds the
 * active work plus recent history and its indexes stay small. Any number of processes may run it; the delete is
 * idempotent.
 */
@Component
public class JobRetention {
  private static final Logger log = LoggerFactory.getLogger(JobRetention.class);

  private final JobDao dao;
  private final Clock clock;
  private final Duration retention;

  public JobRetention(JobDao dao, Clock clock, @Value("${kubeward.jobs.retention:P7D}") Duration retention) {
    this.dao = dao;
    this.clock = clock;
    this.retention = retention;
  }

  /** Deletes finished jobs past the retention; returns how many. */
  @Scheduled(fixedDelayString = "${kubeward.jobs.retention-interval:PT1H}",
      initialDelayString = "${kubeward.jobs.retention-interval:PT1H}")
  public int purge() {
    try {
      int n = dao.purgeFinished(clock.instant().minus(retention));
      if (n > 0) {
        log.info("deleted {} finished jobs older than {}", n, retention);
      }
      return n;
    } catch (RuntimeException e) {
      log.warn("deleting old finished jobs failed: {}", e.getMessage());
      return 0;
    }
  }
}
