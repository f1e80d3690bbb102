package dev.kubeward.cli.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubeward} commands run as processes of their own (servers, workers) from the test class path, for tests
 * that need separate JVMs: to share one PostgreSQL the way replicas do, and to kill one the hard way. Each process
 * writes {@code NAME.out} and {@code NAME.err} in the test's folder; {@link #close()} prints their tails (what a
 * failed run needs) and kills whatever still runs.
 */
public final class KubewardProcesses implements AutoCloseable {
  /** What {@code kubeward serve} prints once it answers; group 1 is the port. */
  public static final Pattern SERVER_UP = Pattern.compile("running at http://localhost:(\\d+)/");
  /** What {@code kubeward worker} prints once it runs; group 1 is its lease owner, group 2 its health port. */
  public static final Pattern WORKER_UP =
      Pattern.compile("Kubeward worker (\\S+) is running .* health at http://localhost:(\\d+)/");

  private final Path dir;
  private final String adminPassword;
  private final Map<String, Process> processes = new LinkedHashMap<>();

  public KubewardProcesses(Path dir, String adminPassword) {
    this.dir = dir;
    this.adminPassword = adminPassword;
  }

  /**
   * Starts {@code kubeward ARGS...} as {@code name}, with system properties (or other JVM options) before the main
   * class. Small heap and C1 only: these processes live for seconds and several share the test machine.
   */
  public Process start(String name, List<String> jvmOptions, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", cp));
    cmd.addAll(jvmOptions);
    cmd.add("dev.kubeward.cli.KubewardCli");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    pb.environment().put("KUBEWARD_ADMIN_PASSWORD", adminPassword);
    Process p = pb.start();
    processes.put(name, p);
    return p;
  }

  /** Waits (up to 150 s) until {@code name}'s standard output matches, and returns the match. */
  public Matcher awaitOutput(String name, Pattern pattern) throws Exception {
    Path out = dir.resolve(name + ".out");
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(Files.exists(out) ? Files.readString(out) : "");
      if (m.find()) {
        return m;
      }
      if (!processes.get(name).isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + " did not print " + pattern + "; stdout:\n" + read(name + ".out")
        + "\nstderr:\n" + read(name + ".err"));
  }

  /** Kills {@code name} with SIGKILL, as an OOM kill or a lost node would, and waits until it is gone. */
  public void kill(String name) throws InterruptedException {
    processes.get(name).destroyForcibly().waitFor();
  }

  @Override
  public void close() throws Exception {
    for (String name : processes.keySet()) {
      for (String stream : List.of(".out", ".err")) {
        String text = read(name + stream);
        if (!text.isBlank()) {
          System.err.println("---- " + name + stream + " (tail) ----\n"
              + text.substring(Math.max(0, text.length() - 2500)));
        }
      }
    }
    for (Process p : processes.values()) {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  private String read(String file) throws IOException {
    Path f = dir.resolve(file);
    return Files.exists(f) ? Files.readString(f) : "";
  }
}
