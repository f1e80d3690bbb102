package dev.kubeward.cli.scan;

import dev.kubeward.cli.UserInputException;
import dev.kubeward.image.LayerCache;
import dev.kubeward.model.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every scan command shares (a picocli mixin). */
public class ScanOptions {
  /** Output formats. */
  public enum Format {
    table, json, cyclonedx, spdx
  }

  @Option(names = {"-f", "--format"}, defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"-o", "--output"}, description = "Write the result to this file instead of standard output.")
  Path output;

  @Option(names = "--cache-dir", description = "Layer cache folder (default: ~/.kubeward/cache).")
  Path cacheDir;

  @Option(names = "--cache-max-bytes", defaultValue = "10737418240",
      description = "Size cap of the layer cache in bytes; least recently used entries go first (default: 10 GiB).")
  long cacheMaxBytes;

  @Option(names = {"-q", "--quiet"}, description = "No progress on standard error.")
  boolean quiet;

  LayerCache cache() {
    Path dir = cacheDir != null ? cacheDir : Path.of(System.getProperty("user.home"), ".kubeward", "cache");
    try {
      return new LayerCache(dir, cacheMaxBytes);
    } catch (RuntimeException e) {
      throw new UserInputException("cannot use cache folder " + dir + ": " + e.getMessage());
    }
  }

  /** Progress lines on standard error, only on a terminal and without --quiet. */
  ProgressListener progress(PrintWriter err) {
    if (quiet || System.console() == null) {
      return ProgressListener.NONE;
    }
    return (task, done, total) -> {
      synchronized (err) {
        err.print("\r" + task + ": " + done + (total >= 0 ? "/" + total : "") + (done == total ? "\n" : ""));
        err.flush();
      }
    };
  }
}
