package dev.kubeward.cli;

/** A problem with what the user gave the command; printed as one line, exit code {@link ExitCodes#USAGE}. */
public class UserInputException extends RuntimeException {
  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
