package dev.kubeward.server.testing;

import dev.kubeward.server.KubewardServer;
import dev.kubeward.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs a server in a JVM of its own until it is killed, for tests that kill a server the hard way (SIGKILL) and
 * start another on the same database. Arguments: a file to write the port to (written once the server is up), a
 * data folder, then server arguments ({@code --spring.datasource.url=...} and so on).
 */
public final class ServerProcess {
  private ServerProcess() {}

  public static void main(String[] args) throws Exception {
    Path portFile = Path.of(args[0]);
    String[] serverArgs = new String[args.length - 1];
    serverArgs[0] = "--KUBEWARD_ADMIN_PASSWORD=" + TestServer.ADMIN_PASSWORD;
    System.arraycopy(args, 2, serverArgs, 1, args.length - 2);
    KubewardServer.Running running = KubewardServer.start(new ServerOptions(0, Path.of(args[1]), Optional.empty(),
        false), serverArgs);
    Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
    Files.writeString(tmp, Integer.toString(running.port()));
    Files.move(tmp, portFile); // appears whole: the test never reads half a number
    System.err.println("server process up on port " + running.port());
    Thread.currentThread().join(); // until killed
  }
}
