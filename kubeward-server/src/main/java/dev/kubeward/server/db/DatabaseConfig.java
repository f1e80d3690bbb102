package dev.kubeward.server.db;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires the database: the dialect, the migrations (run before any DAO can touch the schema) and the {@link JdbcClient}
 * every DAO uses.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfig {

  @Bean
  SqlDialect sqlDialect(DataSource dataSource) {
    return SqlDialect.of(dataSource);
  }

  @Bean
  MigratedDatabase migratedDatabase(DataSource dataSource, SqlDialect dialect) {
    DatabaseMigrations.migrate(dataSource, dialect);
    return new MigratedDatabase(dataSource, dialect);
  }

  @Bean
  JdbcClient jdbcClient(MigratedDatabase database) {
    return JdbcClient.create(database.dataSource());
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  IdGenerator idGenerator() {
    return IdGenerator.RANDOM;
  }

  /** Marks a data source whose schema is current; DAOs depend on it through the {@link JdbcClient}. */
  public record MigratedDatabase(DataSource dataSource, SqlDialect dialect) {}
}
