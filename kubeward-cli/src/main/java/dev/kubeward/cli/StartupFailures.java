package dev.kubeward.cli;

/** Turns a failed server start into one line that says what to do. */
final class StartupFailures {
  private StartupFailures() {}

  static String describe(Throwable e, int port) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      String msg = String.valueOf(t.getMessage());
      if (name.equals("PortInUseException") || msg.contains("Address already in use")) {
        return "port " + port + " is already in use; choose another with --port";
      }
      if (name.equals("PSQLException") || name.equals("ConnectException") && msg.contains("5432")) {
        return "cannot connect to PostgreSQL: " + msg;
      }
      if (msg.contains("Database may be already in use")) {
        return "the embedded database is in use by another Kubeward process; stop it or use another --data-dir";
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return "the server could not start: " + root.getMessage();
  }
}
