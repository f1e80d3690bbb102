package dev.kubeward.server.metrics;

import dev.kubeward.advisories.AdvisoryDatabase;
import dev.kubeward.server.db.DatabaseConfig.MigratedDatabase;
import dev.kubeward.server.jobs.JobHandlers;
import dev.kubeward.server.jobs.JobQueue;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the server's meters, the ingestion request counter and the "migrations" readiness check. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

  @Bean
  ServerMetrics serverMetrics(MeterRegistry registry) {
    return new ServerMetrics(registry);
  }

  @Bean
  IngestionMetrics ingestionMetrics(MeterRegistry registry) {
    return new IngestionMetrics(registry);
  }

  @Bean
  FilterRegistrationBean<IngestionMetricsFilter> ingestionMetricsFilter(IngestionMetrics metrics) {
    FilterRegistrationBean<IngestionMetricsFilter> bean = new FilterRegistrationBean<>(new IngestionMetricsFilter(metrics));
    bean.addUrlPatterns(IngestionMetricsFilter.PREFIX + "*");
    // Outside Spring Security's chain, so requests it refuses (401/403) are counted too.
    bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return bean;
  }

  @Bean
  DatabaseGauges databaseGauges(MeterRegistry registry, JdbcClient jdbc, Clock clock,
      @Value("${kubeward.advisories.dir:}") String advisoryDir, JobQueue jobs, JobHandlers handlers) {
    Path dir = advisoryDir.isBlank() ? AdvisoryDatabase.defaultLocation() : Path.of(advisoryDir);
    return new DatabaseGauges(registry, jdbc, clock, dir, jobs, handlers.types());
  }

  @Bean
  MigrationsHealthIndicator migrationsHealthIndicator(MigratedDatabase database, Clock clock,
      @Value("${kubeward.health.migrations-cache:30s}") java.time.Duration cache) {
    return new MigrationsHealthIndicator(database.dataSource(), database.dialect(), clock, cache);
  }
}
