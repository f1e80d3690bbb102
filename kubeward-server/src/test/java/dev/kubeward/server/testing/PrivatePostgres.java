package dev.kubeward.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of the test's own (initdb + pg_ctl on a free port, data under {@code target/}), so a test may
 * stop, kill and restart it without disturbing the shared one. As root, the PostgreSQL tools run as the
 * {@code postgres} user (they refuse root). Skips visibly when the PostgreSQL server binaries are not installed.
 */
public final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Creates and starts a fresh cluster; skips the test when initdb cannot be found. */
  public static PrivatePostgres create() throws Exception {
    Path bin = findBin().orElse(null);
    if (bin == null) {
      String msg = "initdb/pg_ctl not found (PostgreSQL server package not installed): private-PostgreSQL fault tests"
          + " are SKIPPED";
      System.err.println("[kubeward-test] " + msg);
      Assumptions.abort(msg);
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "pg-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PrivatePostgres pg = new PrivatePostgres(bin, dir, port, root);
    if (root) {
      run(List.of("chown", "postgres:postgres", dir.toString()), false);
      run(List.of("chmod", "700", dir.toString()), false);
    }
    pg.tool(List.of("initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
        "--no-sync"));
    pg.start();
    return pg;
  }

  /** The JDBC URL of the {@code postgres} database as user postgres. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** Starts the (stopped) server and waits until it accepts connections. */
  public void start() throws Exception {
    tool(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log.txt").toString(), "-w",
        "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=50", "start"));
  }

  /**
   * Stops the server. {@code immediate} is a crash (no checkpoint; recovery from the WAL at the next start), the
   * harshest restart a database survives.
   */
  public void stop(boolean immediate) throws Exception {
    tool(List.of("pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-m", immediate ? "immediate" : "fast",
        "stop"));
  }

  @Override
  public void close() throws Exception {
    try {
      stop(false);
    } catch (Exception ignored) {
      // already stopped
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void tool(List<String> command) throws Exception {
    List<String> c = new ArrayList<>(command);
    c.set(0, bin.resolve(command.get(0)).toString());
    if (asPostgresUser) {
      c.addAll(0, List.of("runuser", "-u", "postgres", "--"));
    }
    run(c, true);
  }

  private static void run(List<String> command, boolean check) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish");
    }
    if (check && p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
    }
  }

  private static Optional<Path> findBin() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
        return Optional.of(Path.of(dir));
      }
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(lib)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(Path::toString));
    }
  }
}
