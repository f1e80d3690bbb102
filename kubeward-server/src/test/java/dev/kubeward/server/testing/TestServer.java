package dev.kubeward.server.testing;

import dev.kubeward.server.KubewardServer;
import dev.kubeward.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Kubeward server on a free port, on a fresh database (in-memory H2 by default, or a {@link TestDatabase}),
 * with a known admin password. Tests talk to it over HTTP with {@link ApiClient}, as users and tools do.
 */
public final class TestServer implements AutoCloseable {
  /** The admin password of every test server. */
  public static final String ADMIN_PASSWORD = "test-admin-password-123";

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final KubewardServer.Running running;
  private final TestDatabase database;
  private final Path dataDir;

  private TestServer(KubewardServer.Running running, TestDatabase database, Path dataDir) {
    this.running = running;
    this.database = database;
    this.dataDir = dataDir;
  }

  /** Starts a server on a private in-memory H2 database. */
  public static TestServer start(String... extraArgs) {
    return start(TestDatabases.h2(), extraArgs);
  }

  /** Starts a server on the given (migrated) database; closing the server closes the database. */
  public static TestServer start(TestDatabase database, String... extraArgs) {
    try {
      Path dir = Files.createTempDirectory("kubeward-test-");
      String[] args = new String[extraArgs.length + 2];
      args[0] = "--KUBEWARD_ADMIN_PASSWORD=" + ADMIN_PASSWORD;
      args[1] = "--spring.datasource.url=" + database.url();
      System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
      KubewardServer.Running running = KubewardServer.start(new ServerOptions(0, dir, Optional.empty(), false), args);
      return new TestServer(running, database, dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return running.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public KubewardServer.Running running() {
    return running;
  }

  public TestDatabase database() {
    return database;
  }

  /** A client signed in as the admin (session with CSRF). */
  public ApiClient admin() {
    return ApiClient.session(baseUrl(), "admin", ADMIN_PASSWORD);
  }

  /** A client with an API token of the given role ({@code reader}, {@code contributor}, {@code securityAdmin}, {@code admin}). */
  public ApiClient tokenWithRole(String role) {
    ApiClient.Response r = admin().post("/api/v1/tokens", Map.of("name", "test-" + role + "-" + COUNTER.incrementAndGet(),
        "kind", "api", "role", role));
    if (r.status() != 201) {
      throw new AssertionError("creating a " + role + " token failed: " + r);
    }
    return ApiClient.token(baseUrl(), r.json().get("secret").asString());
  }

  /** A browser-like session of a new user with the given role. */
  public ApiClient sessionWithRole(String role) {
    String username = role.toLowerCase() + COUNTER.incrementAndGet();
    String password = "password-of-" + username;
    ApiClient.Response r = admin().post("/api/v1/users", Map.of("username", username, "password", password, "role", role));
    if (r.status() != 201) {
      throw new AssertionError("creating user " + username + " failed: " + r);
    }
    return ApiClient.session(baseUrl(), username, password);
  }

  /** A client with no credentials at all. */
  public ApiClient anonymous() {
    return ApiClient.anonymous(baseUrl());
  }

  @Override
  public void close() {
    running.close();
    database.close();
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
