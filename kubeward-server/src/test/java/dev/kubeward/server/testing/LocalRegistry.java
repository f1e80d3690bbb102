package dev.kubeward.server.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} on an ephemeral loopback port, storing under the
 * test's folder, optionally behind htpasswd basic auth; images are pushed with {@code skopeo}. It can be stopped and
 * started again on the same address and storage, to test a registry outage.
 */
public final class LocalRegistry implements AutoCloseable {
  private final Path work;
  private final Path config;
  private final String host;
  private final boolean auth;
  private Process process;
  private int starts;

  private LocalRegistry(Path work, Path config, String host, boolean auth) {
    this.work = work;
    this.config = config;
    this.host = host;
    this.auth = auth;
  }

  /** Skips the calling test (visibly) unless docker-registry and skopeo are installed. */
  public static void assumeInstalled() {
    for (String tool : List.of("docker-registry", "skopeo")) {
      if (!onPath(tool)) {
        String msg = tool + " is not installed (apt-get install docker-registry skopeo); registry tests are SKIPPED";
        System.err.println("[kubeward-test] " + msg);
        Assumptions.abort(msg);
      }
    }
  }

  /** Starts an open registry (no authentication). */
  public static LocalRegistry start(Path work) throws Exception {
    return start(work, null, null);
  }

  /** Starts a registry that accepts only {@code user} with {@code password} (basic auth, htpasswd). */
  public static LocalRegistry start(Path work, String user, String password) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path storage = Files.createDirectories(work.resolve("registry"));
    StringBuilder yml = new StringBuilder("version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
        + "    rootdirectory: " + storage + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
    if (user != null) {
      Path htpasswd = work.resolve("htpasswd");
      Files.writeString(htpasswd, user + ":" + BCrypt.hashpw(password, BCrypt.gensalt(5)) + "\n");
      yml.append("auth:\n  htpasswd:\n    realm: kubeward-test\n    path: ").append(htpasswd).append('\n');
    }
    Path config = Files.writeString(work.resolve("registry.yml"), yml);
    LocalRegistry registry = new LocalRegistry(work, config, "127.0.0.1:" + port, user != null);
    registry.startProcess();
    return registry;
  }

  /** {@code 127.0.0.1:PORT}, the registry part of image references. */
  public String host() {
    return host;
  }

  /** Stops the registry (an outage) and waits until it is gone. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("docker-registry did not stop");
    }
  }

  /** Starts it again on the same address and storage. */
  public void restart() throws Exception {
    startProcess();
  }

  private void startProcess() throws Exception {
    Path log = work.resolve("registry-" + ++starts + ".log");
    process = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    int ready = auth ? 401 : 200;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host + "/v2/").toURL().openConnection();
        c.setConnectTimeout(500);
        if (c.getResponseCode() == ready) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("docker-registry did not start; see " + log);
  }

  /** Runs {@code skopeo --insecure-policy ARGS...} and returns its output; fails the test when skopeo fails. */
  public static String skopeo(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("skopeo " + String.join(" ", args) + " failed: " + out);
    }
    return out.trim();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      stop();
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
