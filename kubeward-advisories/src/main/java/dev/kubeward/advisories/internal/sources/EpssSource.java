package dev.kubeward.advisories.internal.sources;

import dev.kubeward.advisories.AdvisorySink;
import dev.kubeward.advisories.AdvisorySource;
import dev.kubeward.advisories.EpssScore;
import dev.kubeward.advisories.RemoteFile;
import dev.kubeward.advisories.UpdateSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** FIRST's EPSS scores: CSV "cve,epss,percentile" after a "#model_version:...,score_date:..." comment line. */
public final class EpssSource implements AdvisorySource {
  private static final Pattern SCORE_DATE = Pattern.compile("score_date:([0-9T:+\\-Z]+)");

  @Override
  public String id() {
    return "epss";
  }

  @Override
  public String description() {
    return "FIRST EPSS exploit prediction scores (CSV, optionally gzip)";
  }

  @Override
  public List<RemoteFile> remoteFiles(UpdateSettings settings) {
    return List.of(new RemoteFile("epss/epss_scores-current.csv.gz",
        URI.create("https://epss.cyentia.com/epss_scores-current.csv.gz"), false));
  }

  @Override
  public int recognize(String fileName, byte[] head) {
    String s = new String(head, 0, Math.min(head.length, 200), StandardCharsets.UTF_8);
    return s.startsWith("#model_version") || s.startsWith("cve,epss") ? 20 : 0;
  }

  @Override
  public void read(SourceFile file, AdvisorySink sink) throws IOException {
    try (InputStream in = file.open()) {
      readStream(in, sink);
    }
  }

  private void readStream(InputStream in, AdvisorySink sink) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    reader.mark(4096);
    String first = reader.readLine();
    if (first == null) {
      throw new IOException("empty EPSS file");
    }
    String scoreDate = "";
    if (first.startsWith("#")) {
      Matcher m = SCORE_DATE.matcher(first);
      scoreDate = m.find() ? m.group(1).substring(0, Math.min(10, m.group(1).length())) : "";
    } else {
      reader.reset();
    }
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    try (CSVParser csv = CSVParser.parse(reader, format)) {
      List<String> header = csv.getHeaderNames();
      if (!header.equals(List.of("cve", "epss", "percentile"))) {
        throw new IOException("unexpected EPSS header " + header + " (expected [cve, epss, percentile])");
      }
      for (CSVRecord r : csv) {
        String cve = r.size() > 0 ? r.get(0).trim() : "";
        if (!KevSource.CVE.matcher(cve).matches() || r.size() < 3) {
          sink.issue("line " + r.getRecordNumber(), "no valid CVE id ('" + cve + "')");
          continue;
        }
        try {
          double p = Double.parseDouble(r.get(1));
          double pct = Double.parseDouble(r.get(2));
          if (!(p >= 0 && p <= 1 && pct >= 0 && pct <= 1)) {
            throw new NumberFormatException("outside 0..1");
          }
          sink.epss(new EpssScore(cve, p, pct, scoreDate));
        } catch (NumberFormatException e) {
          sink.issue(cve, "EPSS values are not probabilities: " + r.get(1) + ", " + r.get(2));
        }
      }
    } catch (java.io.UncheckedIOException e) {
      throw new IOException("unreadable EPSS CSV: " + e.getCause().getMessage(), e);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new IOException("unreadable EPSS CSV: " + e.getMessage(), e);
    }
  }
}
