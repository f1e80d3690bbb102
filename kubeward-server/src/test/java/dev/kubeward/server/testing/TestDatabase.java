package dev.kubeward.server.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kubeward.server.db.DatabaseMigrations;
import dev.kubeward.server.db.SqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A fresh, migrated database for one test: a private in-memory H2, or a private schema in the PostgreSQL server named
 * by {@code KUBEWARD_TEST_POSTGRES_URL}. Closing it drops everything it created.
 */
public final class TestDatabase implements AutoCloseable {
  private final String label;
  private final String url;
  private final SqlDialect dialect;
  private final HikariDataSource dataSource;
  private final Runnable cleanup;

  TestDatabase(String label, String url, SqlDialect dialect, Runnable cleanup) {
    this.label = label;
    this.url = url;
    this.dialect = dialect;
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    if (dialect == SqlDialect.H2) {
      // Spring Boot connects to embedded H2 as "sa"; H2 makes the first user the owner, so use the same one.
      cfg.setUsername("sa");
    }
    cfg.setMaximumPoolSize(4);
    cfg.setPoolName("test-" + label);
    this.dataSource = new HikariDataSource(cfg);
    this.cleanup = cleanup;
  }

  /** A migrated database; the caller closes it. */
  public static TestDatabase migrated(TestDatabase db) {
    DatabaseMigrations.migrate(db.dataSource, db.dialect);
    return db;
  }

  /**
   * Another handle on the same database whose {@code close()} leaves the database in place: for several servers
   * sharing one database (replicas), each closing its own handle.
   */
  public TestDatabase shared() {
    return new TestDatabase(label, url, dialect, () -> { });
  }

  public String label() {
    return label;
  }

  /** JDBC URL of this database, for starting a server on it. */
  public String url() {
    return url;
  }

  public SqlDialect dialect() {
    return dialect;
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public JdbcClient jdbc() {
    return JdbcClient.create(dataSource);
  }

  @Override
  public void close() {
    dataSource.close();
    cleanup.run();
  }

  @Override
  public String toString() {
    return label;
  }

  static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException("cannot run '" + sql + "' on the test database: " + e.getMessage(), e);
    }
  }
}
