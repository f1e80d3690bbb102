package dev.kubeward.server;

import dev.kubeward.server.db.DatabaseUrls;
import dev.kubeward.server.jobs.ProcessRole;
import dev.kubeward.server.security.AdminBootstrap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Spring Boot application. Started by {@code kubeward serve}, or by tests through {@link #start}. */
@SpringBootApplication
@EnableScheduling
public class KubewardServer {

  /**
   * Starts the server and returns once it accepts requests.
   *
   * @return the running server; close it to stop
   */
  public static Running start(ServerOptions options, String... extraArgs) {
    SpringApplication app = new SpringApplication(KubewardServer.class);
    app.setDefaultProperties(defaultProperties(options));
    app.setLogStartupInfo(false);
    ConfigurableApplicationContext context = app.run(extraArgs);
    return new Running(context);
  }

  /**
   * Starts a worker: the same application with the job runner on, cluster inventories and sign-in off, and a web
   * server that answers only health probes (on {@code options.port()}). Returns once it runs jobs.
   *
   * @param concurrency jobs run at once by this worker
   */
  public static Running startWorker(ServerOptions options, int concurrency, String... extraArgs) {
    SpringApplication app = new SpringApplication(KubewardServer.class);
    app.setDefaultProperties(defaultProperties(options));
    app.setLogStartupInfo(false);
    // As command-line properties, which outrank the environment: what makes this process a worker is not
    // configurable away, and --concurrency wins over KUBEWARD_JOBS_RUNNER_CONCURRENCY.
    List<String> args = new ArrayList<>(List.of("--kubeward.role=" + ProcessRole.WORKER, "--kubeward.demo=false",
        "--kubeward.jobs.runner.enabled=true", "--kubeward.jobs.runner.concurrency=" + concurrency));
    args.addAll(List.of(extraArgs));
    return new Running(app.run(args.toArray(String[]::new)));
  }

  static Map<String, Object> defaultProperties(ServerOptions options) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("server.port", options.port());
    props.put("kubeward.data-dir", options.dataDir().toAbsolutePath().toString());
    props.put("kubeward.demo", options.demo());
    props.put("spring.datasource.url", DatabaseUrls.jdbcUrl(options.dataDir(), options.dbUrl()));
    // Credentials for an external database stay in the environment; they are never written to disk by Kubeward.
    String user = System.getenv("KUBEWARD_DB_USER");
    String password = System.getenv("KUBEWARD_DB_PASSWORD");
    if (user != null && !user.isBlank()) {
      props.put("spring.datasource.username", user);
    }
    if (password != null && !password.isBlank()) {
      props.put("spring.datasource.password", password);
    }
    logFormat(System.getenv(LOG_FORMAT_ENV)).ifPresent(f -> props.put("logging.structured.format.console", f));
    return props;
  }

  /** Environment variable that switches console logs to one JSON object per line. */
  public static final String LOG_FORMAT_ENV = "KUBEWARD_LOG_FORMAT";

  /** Structured log formats Spring Boot writes: Elastic Common Schema, Logstash and Graylog's GELF. */
  public static final java.util.List<String> LOG_FORMATS = java.util.List.of("ecs", "logstash", "gelf");

  /**
   * The structured log format named by {@code KUBEWARD_LOG_FORMAT}; empty (plain text) when unset, blank or
   * {@code text}.
   *
   * @throws IllegalArgumentException for any other value, so a typo fails at start instead of logging plain text
   */
  static Optional<String> logFormat(String value) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("text")) {
      return Optional.empty();
    }
    String f = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (!LOG_FORMATS.contains(f)) {
      throw new IllegalArgumentException(LOG_FORMAT_ENV + " must be one of text, " + String.join(", ", LOG_FORMATS)
          + "; was '" + value + "'");
    }
    return Optional.of(f);
  }

  /** A started server. */
  public static final class Running implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    Running(ConfigurableApplicationContext context) {
      this.context = context;
    }

    /** The port the server listens on. */
    public int port() {
      return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The admin password generated at first start, if this start generated one; it is never stored in clear. */
    public Optional<String> generatedAdminPassword() {
      return context.getBean(AdminBootstrap.class).generatedPassword();
    }

    /** Spring's context, for tests and embedding. */
    public ConfigurableApplicationContext context() {
      return context;
    }

    @Override
    public void close() {
      context.close();
    }
  }
}
