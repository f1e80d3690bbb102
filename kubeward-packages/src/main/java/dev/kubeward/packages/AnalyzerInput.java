package dev.kubeward.packages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** The content of one file for an analyzer. Valid only during {@link PackageAnalyzer#analyze}. */
public interface AnalyzerInput {
  /** The file as the scan found it. */
  CandidateFile file();

  /**
   * Streams the content. May be called more than once; the first call may stream straight from the layer, so call
   * {@link #localFile()} first if random access will be needed.
   */
  InputStream open() throws IOException;

  /** The content as a local file (an SQLite database, a binary to parse); created on demand inside the cache. */
  Path localFile() throws IOException;

  /** The whole content, refusing more than {@code max} bytes. */
  default byte[] readAll(long max) throws IOException {
    if (file().size() > max) {
      throw new IOException(file().path() + " is larger than " + max + " bytes");
    }
    try (InputStream in = open()) {
      byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (data.length > max) {
        throw new IOException(file().path() + " is larger than " + max + " bytes");
      }
      return data;
    }
  }
}
