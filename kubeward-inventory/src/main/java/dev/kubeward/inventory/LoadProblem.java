package dev.kubeward.inventory;

import java.util.Objects;

/**
 * Something in the input that could not be turned into objects: a document that does not parse, an object without a
 * kind or name, a file too large, a Helm chart that still needs rendering. The rest of the input is still loaded.
 *
 * @param location the file and line
 * @param message one sentence for the user, naming what is wrong
 * @param skipped true when the input was knowingly passed over (e.g. unrendered Helm templates) rather than broken
 */
public record LoadProblem(SourceLocation location, String message, boolean skipped) {
  public LoadProblem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  /** A broken input. */
  public static LoadProblem error(String file, int line, String message) {
    return new LoadProblem(new SourceLocation(file, line), message, false);
  }

  @Override
  public String toString() {
    return location + ": " + message;
  }
}
