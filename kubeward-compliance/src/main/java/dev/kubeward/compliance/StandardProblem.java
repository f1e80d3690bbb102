package dev.kubeward.compliance;

/**
 * One problem in a standard's YAML: where it is and what is wrong, worded for the author of the file.
 *
 * @param source the file name or API source the text came from
 * @param controlId the control the problem is in, or "" for problems of the whole file
 * @param message what is wrong, e.g. "rule 'KW-XYZ-001' does not exist"
 */
public record StandardProblem(String source, String controlId, String message) {
  public StandardProblem {
    source = source == null ? "" : source;
    controlId = controlId == null ? "" : controlId;
    message = message == null ? "" : message;
  }

  /** "source: control 'x': message". */
  public String describe() {
    return source + ": " + (controlId.isEmpty() ? "" : "control '" + controlId + "': ") + message;
  }
}
