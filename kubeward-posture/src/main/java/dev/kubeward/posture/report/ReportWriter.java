package dev.kubeward.posture.report;

import dev.kubeward.posture.ScanReport;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes a {@link ScanReport} in one output format. Implementations are found through
 * {@code META-INF/services/dev.kubeward.posture.report.ReportWriter}; {@link ReportWriters} is the one registry.
 */
public interface ReportWriter {
  /** The format's name on the command line ({@code json}, {@code sarif}). */
  String format();

  /** Bumped whenever the output for the same report changes shape. */
  int version();

  /** Writes the report; output must depend only on the report and the context (stable for golden files). */
  void write(ScanReport report, ReportContext context, Writer out) throws IOException;
}
