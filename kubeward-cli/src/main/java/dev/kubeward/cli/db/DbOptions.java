package dev.kubeward.cli.db;

import dev.kubeward.advisories.AdvisoryDatabase;
import dev.kubeward.cli.UserInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options every {@code db} command shares. */
public class DbOptions {
  @Option(names = "--db", paramLabel = "DIR",
      description = "Database folder (default: KUBEWARD_DB_DIR or ~/.kubeward/db).")
  Path db;

  @Option(names = "--max-age", paramLabel = "AGE", defaultValue = "7d",
      description = "Age past which the database counts as stale, e.g. 7d, 36h (default: ${DEFAULT-VALUE}).")
  String maxAge;

  @Option(names = {"-q", "--quiet"}, description = "No progress output.")
  boolean quiet;

  Path dir() {
    return db != null ? db : AdvisoryDatabase.defaultLocation();
  }

  Duration maxAge() {
    return parseAge(maxAge);
  }

  /** "7d", "36h", "90m" or an ISO-8601 duration. */
  public static Duration parseAge(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d+[dhm]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
      }
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new UserInputException("invalid age '" + text + "'; use e.g. 7d, 36h or P7D");
    }
  }
}
