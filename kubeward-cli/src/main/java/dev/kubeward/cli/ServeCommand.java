package dev.kubeward.cli;

import dev.kubeward.server.KubewardServer;
import dev.kubeward.server.ServerOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kubeward serve}: starts the dashboard and API, and runs until stopped. */
@Command(name = "serve", description = "Start the Kubeward dashboard and REST API.")
public class ServeCommand implements Callable<Integer>, CliCommand {
  /** Returned when the server started in-process and the JVM must not exit. */
  static final int KEEP_RUNNING = -1;

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", description = "Folder for the embedded database (default: ~/.kubeward).")
  Path dataDir;

  @Option(names = "--db-url", description = "PostgreSQL JDBC URL (or KUBEWARD_DB_URL); default: embedded H2 in --data-dir.")
  String dbUrl;

  @Option(names = "--demo", description = "Load the bundled demo workspace.")
  boolean demo;

  @Option(names = "--no-wait", hidden = true,
      description = "Return once the server is up instead of blocking until it stops (for embedding and tests).")
  boolean noWait;

  private KubewardServer.Running running;

  @Override
  public String parent() {
    return "";
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".kubeward");
    try {
      Files.createDirectories(dir);
    } catch (Exception e) {
      throw new UserInputException("cannot create data directory " + dir + ": " + e.getMessage());
    }
    if (!Files.isWritable(dir)) {
      throw new UserInputException("data directory " + dir + " is not writable");
    }
    String url = dbUrl != null ? dbUrl : System.getenv("KUBEWARD_DB_URL");
    ServerOptions options;
    try {
      options = new ServerOptions(port, dir, Optional.ofNullable(url), demo);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    try {
      running = KubewardServer.start(options);
    } catch (RuntimeException e) {
      throw new UserInputException(StartupFailures.describe(e, port), e);
    }
    out.println("Kubeward is running at http://localhost:" + running.port() + "/");
    running.generatedAdminPassword().ifPresentOrElse(
        pw -> {
          out.println("Sign in as 'admin' with the password: " + pw);
          out.println("This password is shown only now; change it after signing in.");
        },
        () -> out.println("Sign in with your account (the admin password was shown at first start"
            + " or set with KUBEWARD_ADMIN_PASSWORD)."));
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

  /** The running server, after {@link #call()} with {@code --no-wait}. */
  KubewardServer.Running running() {
    return running;
  }
}
