package dev.kubeward.server.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The one place that knows how H2 and PostgreSQL differ. Everything else writes SQL that both accept (H2 runs in
 * PostgreSQL mode; both support standard {@code MERGE}).
 */
public enum SqlDialect {
  H2("h2"),
  POSTGRESQL("postgresql");

  private final String flywayVendor;

  SqlDialect(String flywayVendor) {
    this.flywayVendor = flywayVendor;
  }

  /** Folder name under {@code db/migration/} holding this dialect's own migrations. */
  public String flywayVendor() {
    return flywayVendor;
  }

  /** Whether {@code SELECT ... FOR UPDATE SKIP LOCKED} is available (job queues across workers). */
  public boolean supportsSkipLocked() {
    return this == POSTGRESQL;
  }

  /** Whether bulk inserts can use {@code COPY ... FROM STDIN} ({@link PostgresCopy}). */
  public boolean supportsCopy() {
    return this == POSTGRESQL;
  }

  /**
   * A statement that makes the current transaction plan every query for its actual parameters. Batch lookups with
   * long {@code IN (?, ?, ...)} lists are run many times with the same text; after five runs PostgreSQL switches to a
   * generic plan that cannot see how selective the list is and scans a whole cluster's findings instead of probing
   * the index (measured: 1.4 s instead of 15 ms per 2,000 keys). Empty where there is no such plan cache.
   */
  public java.util.Optional<String> forceCustomPlans() {
    return this == POSTGRESQL ? java.util.Optional.of("set local plan_cache_mode = force_custom_plan")
        : java.util.Optional.empty();
  }

  /** Detects the dialect of a live data source. */
  public static SqlDialect of(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      return fromProductName(md.getDatabaseProductName());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
    }
  }

  static SqlDialect fromProductName(String product) {
    String p = product.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.contains("h2")) {
      return H2;
    }
    throw new IllegalStateException("unsupported database '" + product + "'; Kubeward runs on PostgreSQL or H2");
  }
}
