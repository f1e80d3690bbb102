package dev.kubeward.posture.report;

import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.ScanReport;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML for CI systems that show test reports: one test suite per resource, one failed test case per finding
 * (rule errors and unreadable inputs as errors), so a pipeline's test tab lists what to fix.
 */
public final class JUnitReportWriter implements ReportWriter {
  @Override
  public String format() {
    return "junit";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public void write(ScanReport report, ReportContext context, Writer out) throws IOException {
    Map<String, List<Finding>> byResource = report.findings().stream()
        .collect(Collectors.groupingBy(f -> f.resource().key(), TreeMap::new, Collectors.toList()));
    List<LoadProblem> errors = report.problems().stream().filter(p -> !p.skipped()).toList();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "kubeward");
      x.writeAttribute("tests", String.valueOf(report.findings().size() + errors.size()));
      x.writeAttribute("failures", String.valueOf(report.findings().size() - report.ruleErrors().size()));
      x.writeAttribute("errors", String.valueOf(report.ruleErrors().size() + errors.size()));
      x.writeAttribute("timestamp", context.generatedAt().toString());
      x.writeCharacters("\n");
      for (Map.Entry<String, List<Finding>> e : byResource.entrySet()) {
        List<Finding> findings = e.getValue();
        long ruleErrors = findings.stream().filter(f -> f.outcome() == Finding.Outcome.RULE_ERROR).count();
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", e.getKey());
        x.writeAttribute("tests", String.valueOf(findings.size()));
        x.writeAttribute("failures", String.valueOf(findings.size() - ruleErrors));
        x.writeAttribute("errors", String.valueOf(ruleErrors));
        x.writeCharacters("\n");
        for (Finding f : findings) {
          x.writeCharacters("    ");
          x.writeStartElement("testcase");
          x.writeAttribute("classname", e.getKey());
          x.writeAttribute("name", f.ruleId() + (f.container().isEmpty() ? "" : " [" + f.container() + "]") + " " + f.title());
          f.location().ifPresent(l -> {
            try {
              x.writeAttribute("file", l.file());
              x.writeAttribute("line", String.valueOf(l.line()));
            } catch (XMLStreamException ex) {
              throw new IllegalStateException(ex);
            }
          });
          x.writeStartElement(f.outcome() == Finding.Outcome.FAIL ? "failure" : "error");
          x.writeAttribute("type", f.severity().label());
          x.writeAttribute("message", f.message());
          x.writeCharacters(f.message() + "\nRemediation: " + f.remediation());
          x.writeEndElement();
          x.writeEndElement();
          x.writeCharacters("\n");
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
      }
      if (!errors.isEmpty()) {
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", "inputs");
        x.writeAttribute("tests", String.valueOf(errors.size()));
        x.writeAttribute("failures", "0");
        x.writeAttribute("errors", String.valueOf(errors.size()));
        x.writeCharacters("\n");
        for (LoadProblem p : errors) {
          x.writeCharacters("    ");
          x.writeStartElement("testcase");
          x.writeAttribute("classname", "inputs");
          x.writeAttribute("name", p.location().toString());
          x.writeStartElement("error");
          x.writeAttribute("message", p.message());
          x.writeEndElement();
          x.writeEndElement();
          x.writeCharacters("\n");
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
      }
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.flush();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }
}
