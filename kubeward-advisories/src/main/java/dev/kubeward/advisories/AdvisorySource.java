package dev.kubeward.advisories;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A kind of advisory data: OSV records, the KEV catalogue, EPSS scores, NVD CVE data. Implementations are listed in
 * {@code META-INF/services/dev.kubeward.advisories.AdvisorySource}; adding a source adds a class and that line, and
 * {@code db update}, {@code db import} and {@code db bundle} pick it up.
 *
 * <p>Implementations are stateless and need a public no-argument constructor.
 */
public interface AdvisorySource {
  /** Short stable id ("osv", "kev", "epss", "nvd"): used in slots, settings and status output. */
  String id();

  /** One line for {@code db status}. */
  String description();

  /** The files {@code db update} fetches for this source, given the settings (ecosystems, years). */
  List<RemoteFile> remoteFiles(UpdateSettings settings);

  /**
   * How sure this source is that a file is its kind: 0 for "not mine", higher for more certain. The file's name and
   * its first bytes (decompressed if it was gzip) are all it gets.
   */
  int recognize(String fileName, byte[] head);

  /**
   * Reads a whole file into the sink. Malformed records go to {@link AdvisorySink#issue}; an exception means the
   * file as a whole is unusable (truncated, corrupt, of another format) and names the file.
   *
   */
  void read(SourceFile file, AdvisorySink sink) throws IOException;

  /** A file to read: its name for messages, its path for random access (zip), its content decompressed. */
  interface SourceFile {
    /** The name to use in messages (the imported path or the slot). */
    String name();

    /** The file as stored (still gzip-compressed if it was). */
    Path path();

    /** Opens the content, transparently decompressing gzip. */
    InputStream open() throws IOException;
  }
}
