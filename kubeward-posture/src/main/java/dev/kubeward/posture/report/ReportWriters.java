package dev.kubeward.posture.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/** The registry of report formats. */
public final class ReportWriters {
  private ReportWriters() {}

  /** Every available writer, by format name. */
  public static List<ReportWriter> all() {
    return StreamSupport.stream(ServiceLoader.load(ReportWriter.class, ReportWriters.class.getClassLoader()).spliterator(),
        false).sorted(java.util.Comparator.comparing(ReportWriter::format)).toList();
  }

  /** The writer of a format, if there is one. */
  public static Optional<ReportWriter> forFormat(String format) {
    return all().stream().filter(w -> w.format().equalsIgnoreCase(format)).findFirst();
  }

  /** The format names, for help texts and error messages. */
  public static List<String> formats() {
    return all().stream().map(ReportWriter::format).toList();
  }

  /** Writes a report to a string. */
  public static String render(ReportWriter writer, dev.kubeward.posture.ScanReport report, ReportContext context) {
    StringWriter out = new StringWriter();
    try {
      writer.write(report, context, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
