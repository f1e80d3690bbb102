package dev.kubeward.server;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start the server, as given on the command line ({@code kubeward serve ...}).
 *
 * @param port HTTP port; 0 picks a free one (tests)
 * @param dataDir folder for the embedded database and caches
 * @param dbUrl a PostgreSQL JDBC URL; empty means the embedded H2 database under {@code dataDir}
 * @param demo load the bundled demo workspace at start
 */
public record ServerOptions(int port, Path dataDir, Optional<String> dbUrl, boolean demo) {
  public ServerOptions {
    Objects.requireNonNull(dataDir, "dataDir");
    dbUrl = dbUrl == null ? Optional.empty() : dbUrl.filter(s -> !s.isBlank());
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
  }
}
