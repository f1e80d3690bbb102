package dev.kubeward.server.testing;

import dev.kubeward.server.KubewardServer;
import dev.kubeward.server.ServerOptions;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Starts a server in a JVM of its own (for tests of process-wide behaviour such as the log format): embedded H2 in
 * the folder given as the first argument, a free port, then logs one line and stops.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) {
    try (KubewardServer.Running running = KubewardServer.start(new ServerOptions(0, Path.of(args[0]), Optional.empty(),
        false), "--KUBEWARD_ADMIN_PASSWORD=" + TestServer.ADMIN_PASSWORD)) {
      LoggerFactory.getLogger("dev.kubeward.server").info("test server started on port {}", running.port());
    }
    System.exit(0);
  }
}
