package dev.kubeward.advisories;

/** A version string that a {@link VersionComparator} cannot read; the message names the version and the scheme. */
public class InvalidVersionException extends RuntimeException {
  private final String version;

  public InvalidVersionException(String version, String scheme, String why) {
    super("'" + version + "' is not a valid " + scheme + " version" + (why == null || why.isEmpty() ? "" : ": " + why));
    this.version = version;
  }

  /** The offending version string. */
  public String version() {
    return version;
  }
}
