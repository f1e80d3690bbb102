package dev.kubeward.server.metrics;

import dev.kubeward.server.db.DatabaseConfig.MigratedDatabase;
import dev.kubeward.server.jobs.JobHandlers;
import dev.kubeward.server.vulnerability.AdvisoryDatabaseProvider;
import dev.kubeward.server.jobs.JobQueue;
import io.micrometer.core.instrument.MeterRegistry;
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
  IngestionMetrics ingestionMetrics(MeterRegistry registry,
      org.springframework.beans.factory.ObjectProvider<dev.kubeward.server.runtime.RuntimePipelineService> pipeline) {
    // The runtime pipeline's queue: how full it is decides when ingestion answers 429.
    pipeline.ifAvailable(p -> {
      io.micrometer.core.instrument.Gauge.builder("kubeward.ingest.queue.events", () -> p.stats().queued())
          .description("Runtime events accepted and waiting for the detections").register(registry);
      io.micrometer.core.instrument.Gauge.builder("kubeward.ingest.queue.capacity", () -> p.stats().capacity())
          .description("Runtime events the queue may hold before ingestion answers 429").register(registry);
      // Failures inside the pipeline: a rising set-aside count means events that were never evaluated.
      io.micrometer.core.instrument.FunctionCounter.builder("kubeward.runtime.batch.failures", p,
              x -> x.stats().failedAttempts())
          .description("Processing attempts of runtime batches that failed and rolled back (this process)")
          .register(registry);
      io.micrometer.core.instrument.FunctionCounter.builder("kubeward.runtime.batches.set.aside", p,
              x -> x.stats().failedBatches())
          .description("Runtime batches set aside after kubeward.runtime.max-batch-attempts failed attempts (this"
              + " process); their events were not evaluated")
          .register(registry);
    });
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
      AdvisoryDatabaseProvider advisories, JobQueue jobs, JobHandlers handlers) {
    return new DatabaseGauges(registry, jdbc, clock,
        () -> advisories.current().map(AdvisoryDatabaseProvider.Snapshot::status), jobs, handlers.types());
  }

  @Bean
  MigrationsHealthIndicator migrationsHealthIndicator(MigratedDatabase database, Clock clock,
      @Value("${kubeward.health.migrations-cache:30s}") java.time.Duration cache) {
    return new MigrationsHealthIndicator(database.dataSource(), database.dialect(), clock, cache);
  }
}
