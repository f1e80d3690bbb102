package dev.kubeward.server.db;

import java.nio.file.Path;
import java.util.Optional;

/** Turns the command line's {@code --data-dir} and {@code --db-url} into the JDBC URL the server uses. */
public final class DatabaseUrls {
  private DatabaseUrls() {}

  /**
   * The JDBC URL: the given PostgreSQL URL, or an embedded H2 file database under {@code dataDir}.
   *
   * <p>H2 runs in PostgreSQL mode with lower-case identifiers so that one set of SQL and one row mapping serve both.
   *
   * @throws IllegalArgumentException for a URL that names neither PostgreSQL nor H2
   */
  public static String jdbcUrl(Path dataDir, Optional<String> dbUrl) {
    if (dbUrl.isPresent()) {
      String url = dbUrl.get().trim();
      if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
        url = "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
      }
      if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
        throw new IllegalArgumentException(
            "database URL must start with jdbc:postgresql:// (or postgresql://), was '" + redact(url) + "'");
      }
      return url;
    }
    return h2File(dataDir.toAbsolutePath().resolve("kubeward"));
  }

  /** An H2 file database at {@code base} (H2 adds {@code .mv.db}). */
  public static String h2File(Path base) {
    return "jdbc:h2:file:" + base + H2_OPTIONS;
  }

  /** A private in-memory H2 database, for tests. */
  public static String h2Memory(String name) {
    return "jdbc:h2:mem:" + name + H2_OPTIONS + ";DB_CLOSE_DELAY=-1";
  }

  private static final String H2_OPTIONS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;CASE_INSENSITIVE_IDENTIFIERS=TRUE";

  /** The URL with any password parameter hidden, for messages and logs. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("://([^:/@]+):[^@/]*@", "://$1:***@");
  }
}
