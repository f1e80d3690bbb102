package dev.kubeward.advisories;

import java.io.IOException;

/**
 * An update, import or bundle that could not be done: a download failed, a file is corrupt or of no known kind, a
 * bundle's checksums do not match. The message names the file or URL; the previous database is unchanged.
 */
public class AdvisoryDatabaseException extends IOException {
  public AdvisoryDatabaseException(String message) {
    super(message);
  }

  public AdvisoryDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
