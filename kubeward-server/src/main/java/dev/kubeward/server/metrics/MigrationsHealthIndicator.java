package dev.kubeward.server.metrics;

import dev.kubeward.server.db.DatabaseMigrations;
import dev.kubeward.server.db.SqlDialect;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness: the database schema has every migration this server knows. A server restored onto an older backup, or
 * pointed at a database another process has not finished migrating, is not ready (and gets no traffic) rather than
 * failing requests. Flyway's check reads the schema history table; the answer is cached briefly.
 */
final class MigrationsHealthIndicator implements HealthIndicator {
  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final Clock clock;
  private final Duration cache;
  private volatile Health last;
  private volatile Instant lastAt = Instant.MIN;

  MigrationsHealthIndicator(DataSource dataSource, SqlDialect dialect, Clock clock, Duration cache) {
    this.cache = cache;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.clock = clock;
  }

  @Override
  public Health health() {
    Instant now = clock.instant();
    Health cached = last;
    if (cached != null && cached.getStatus().getCode().equals("UP") && lastAt.plus(cache).isAfter(now)) {
      return cached;
    }
    Health h;
    try {
      int pending = DatabaseMigrations.pending(dataSource, dialect);
      h = pending == 0 ? Health.up().build() : Health.outOfService().withDetail("pendingMigrations", pending).build();
    } catch (RuntimeException e) {
      h = Health.down().withDetail("error", "cannot read the schema history").build();
    }
    last = h;
    lastAt = now;
    return h;
  }
}
