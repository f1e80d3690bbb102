package dev.kubeward.packages;

/**
 * A file an analyzer may want, before its content is read.
 *
 * @param path path relative to the scanned root ({@code usr/lib/os-release})
 * @param fileName the last path segment
 * @param size size in bytes
 * @param executable whether any execute bit is set
 */
public record CandidateFile(String path, String fileName, long size, boolean executable) {
  /** Builds the file name from the path. */
  public static CandidateFile of(String path, long size, boolean executable) {
    int slash = path.lastIndexOf('/');
    return new CandidateFile(path, slash < 0 ? path : path.substring(slash + 1), size, executable);
  }

  /** The folder part of the path, "" at the root. */
  public String directory() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
