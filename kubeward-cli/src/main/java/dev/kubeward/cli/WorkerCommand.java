package dev.kubeward.cli;

import dev.kubeward.server.KubewardServer;
import dev.kubeward.server.ServerOptions;
import dev.kubeward.server.jobs.JobRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubeward worker}: runs queued jobs (image scans, inventory syncs, re-matching) from the PostgreSQL database
 * the servers use, and nothing else — no dashboard, no API; its port answers only health probes. Start as many as the
 * work needs; they share the queue without coordination beyond the database.
 */
@Command(name = "worker", description = "Run queued jobs from the shared PostgreSQL database (no dashboard or API).")
public class WorkerCommand implements Callable<Integer>, CliCommand {
  @Spec CommandSpec spec;

  @Option(names = "--db-url", description = "PostgreSQL JDBC URL the servers use (or KUBEWARD_DB_URL); required.")
  String dbUrl;

  @Option(names = "--concurrency", defaultValue = "2", description = "Jobs run at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--health-port", defaultValue = "8081",
      description = "Port for /actuator/health/liveness and /readiness (default: ${DEFAULT-VALUE}; 0 picks one).")
  int healthPort;

  @Option(names = "--data-dir", description = "Folder for caches (default: ~/.kubeward).")
  Path dataDir;

  @Option(names = "--no-wait", hidden = true,
      description = "Return once the worker is up instead of blocking until it stops (for embedding and tests).")
  boolean noWait;

  private KubewardServer.Running running;

  @Override
  public String parent() {
    return "";
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String url = dbUrl != null ? dbUrl : System.getenv("KUBEWARD_DB_URL");
    if (url == null || url.isBlank()) {
      throw new UserInputException("a worker shares the servers' PostgreSQL database: give --db-url or KUBEWARD_DB_URL");
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new UserInputException("a worker needs a PostgreSQL database (jdbc:postgresql:...); the embedded database"
          + " belongs to one server process, which runs its jobs itself");
    }
    if (concurrency < 1 || concurrency > 64) {
      throw new UserInputException("--concurrency must be between 1 and 64, was " + concurrency);
    }
    Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".kubeward");
    try {
      Files.createDirectories(dir);
    } catch (Exception e) {
      throw new UserInputException("cannot create data directory " + dir + ": " + e.getMessage());
    }
    ServerOptions options;
    try {
      options = new ServerOptions(healthPort, dir, Optional.of(url), false);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    try {
      running = KubewardServer.startWorker(options, concurrency);
    } catch (RuntimeException e) {
      throw new UserInputException(StartupFailures.describe(e, healthPort).replace("--port", "--health-port"), e);
    }
    JobRunner runner = running.context().getBean(JobRunner.class);
    out.println("Kubeward worker " + runner.owner() + " is running " + concurrency + " jobs at a time; health at http://localhost:"
        + running.port() + "/actuator/health");
    out.flush();
    if (noWait) {
      return ExitCodes.OK;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    running.context().addApplicationListener(e -> {
      if (e instanceof ContextClosedEvent) {
        stopped.countDown();
      }
    });
    stopped.await();
    return ExitCodes.OK;
  }

  /** The running worker, after {@link #call()} with {@code --no-wait}. */
  KubewardServer.Running running() {
    return running;
  }
}
