package dev.kubeward.server.testing;

import dev.kubeward.server.db.DatabaseUrls;
import dev.kubeward.server.db.SqlDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;

/**
 * The databases persistence tests run on: always H2; PostgreSQL when {@code KUBEWARD_TEST_POSTGRES_URL} is set (CI
 * sets it). When the variable is unset the PostgreSQL case skips with a message saying so; when it is set but the
 * server cannot be reached the case fails, because CI promised a database.
 */
public final class TestDatabases {
  /** Environment variable naming the PostgreSQL server for tests, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. */
  public static final String POSTGRES_ENV = "KUBEWARD_TEST_POSTGRES_URL";

  private TestDatabases() {}

  /** For {@code @MethodSource}: both databases, each migrated and fresh for every test. */
  public static Stream<Named<Supplier<TestDatabase>>> both() {
    return Stream.of(
        Named.of("H2", TestDatabases::h2),
        Named.of("PostgreSQL", TestDatabases::postgres));
  }

  /** A fresh, migrated in-memory H2 database. */
  public static TestDatabase h2() {
    String name = "kwtest_" + UUID.randomUUID().toString().replace("-", "");
    String url = DatabaseUrls.h2Memory(name);
    return TestDatabase.migrated(new TestDatabase("H2", url, SqlDialect.H2,
        () -> TestDatabase.execute(url + ";USER=sa", "shutdown")));
  }

  /**
   * A fresh, migrated H2 database that outlives the servers using it (closing one does not shut it down),
   * for tests that restart a server on the same data.
   */
  public static TestDatabase h2SurvivingRestarts() {
    // A file database, not an in-memory one kept open: H2 2.4 binds check constraints to the session that created
    // them, and once every connection of an in-memory database closed they fail with "Check constraint invalid".
    String name = "kwtest_" + UUID.randomUUID().toString().replace("-", "");
    String file;
    try {
      file = java.nio.file.Files.createTempDirectory("kubeward-h2-").resolve(name).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String url = DatabaseUrls.h2Memory(name).replace("jdbc:h2:mem:" + name, "jdbc:h2:file:" + file)
        .replace(";DB_CLOSE_DELAY=-1", "");
    return TestDatabase.migrated(new TestDatabase("H2", url, SqlDialect.H2, () -> { }));
  }

  /** Another handle on the same database (after a server that used it closed its handle); closing it keeps the data. */
  public static TestDatabase reopen(TestDatabase db) {
    return new TestDatabase(db.label(), db.url(), db.dialect(), () -> { });
  }

  /** A fresh, migrated schema in the test PostgreSQL server; skips (visibly) when none is configured. */
  public static TestDatabase postgres() {
    String base = postgresUrlOrSkip();
    String schema = "kwtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    TestDatabase.execute(base, "create schema " + schema);
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return TestDatabase.migrated(new TestDatabase("PostgreSQL", url, SqlDialect.POSTGRESQL,
        () -> TestDatabase.execute(base, "drop schema " + schema + " cascade")));
  }

  /** A migrated database at a PostgreSQL URL the test manages itself (e.g. a {@link PrivatePostgres}). */
  public static TestDatabase postgresAt(String url) {
    return TestDatabase.migrated(new TestDatabase("PostgreSQL", url, SqlDialect.POSTGRESQL, () -> { }));
  }

  /**
   * The configured PostgreSQL URL, checked to be reachable.
   *
   * @throws org.opentest4j.TestAbortedException (a skip) when the variable is unset
   * @throws IllegalStateException when it is set but the server does not answer
   */
  public static String postgresUrlOrSkip() {
    String url = System.getenv(POSTGRES_ENV);
    if (url == null || url.isBlank()) {
      String msg = POSTGRES_ENV + " is not set: PostgreSQL persistence tests are SKIPPED (CI sets it; see .ci/run)";
      System.err.println("[kubeward-test] " + msg);
      Assumptions.abort(msg);
    }
    try (Connection c = DriverManager.getConnection(url)) {
      c.isValid(5);
    } catch (Exception e) {
      throw new IllegalStateException(POSTGRES_ENV + " is set to " + DatabaseUrls.redact(url)
          + " but PostgreSQL cannot be reached: " + e.getMessage(), e);
    }
    return url;
  }
}
