package dev.kubeward.server.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database to the current schema with Flyway. The server and the persistence tests call the same method, so
 * both run exactly the migrations a user's database gets: {@code db/migration/common} plus the dialect's own folder.
 */
public final class DatabaseMigrations {
  private DatabaseMigrations() {}

  /** Migrates {@code dataSource} (default schema) and returns the number of migrations applied. */
  public static int migrate(DataSource dataSource) {
    return migrate(dataSource, SqlDialect.of(dataSource));
  }

  /** Migrates {@code dataSource} for a known dialect. */
  public static int migrate(DataSource dataSource, SqlDialect dialect) {
    MigrateResult result = flyway(dataSource, dialect).migrate();
    return result.migrationsExecuted;
  }

  /** The number of migrations this build has that {@code dataSource} has not applied (readiness). */
  public static int pending(DataSource dataSource, SqlDialect dialect) {
    return flyway(dataSource, dialect).info().pending().length;
  }

  private static Flyway flyway(DataSource dataSource, SqlDialect dialect) {
    return Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.flywayVendor())
            .failOnMissingLocations(false)
            // Capabilities are built side by side and number their migrations by issue (V4_1, V9_2, ...);
            // out-of-order lets a lower-numbered, later-merged migration still apply to an existing database.
            .outOfOrder(true)
            .load();
  }
}
