package dev.kubeward.advisories.internal.build;

import dev.kubeward.advisories.AdvisorySource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** A file on disk handed to a source; gzip is undone transparently (EPSS and NVD files come compressed). */
public record LocalSourceFile(String name, Path path) implements AdvisorySource.SourceFile {
  @Override
  public InputStream open() throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }

  /** The first bytes of the content (decompressed), for detection. */
  public byte[] head() throws IOException {
    try (InputStream in = open()) {
      return in.readNBytes(64 * 1024);
    } catch (java.io.EOFException e) {
      return new byte[0];
    }
  }
}
