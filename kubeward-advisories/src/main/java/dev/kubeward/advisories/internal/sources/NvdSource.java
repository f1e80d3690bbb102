package dev.kubeward.advisories.internal.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.advisories.AdvisorySink;
import dev.kubeward.advisories.AdvisorySource;
import dev.kubeward.advisories.RemoteFile;
import dev.kubeward.advisories.UpdateSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * NVD CVE data in the CVE API 2.0 JSON format: an API response page or one of NVD's yearly feed files (same schema).
 * Only the CVSS vectors are kept: they score advisories that carry none of their own. {@code db update} fetches the
 * yearly feeds, which are static files (conditional GET works, no API key or rate limit).
 */
public final class NvdSource implements AdvisorySource {
  private static final String[][] METRICS = {
      {"cvssMetricV40", "4.0"}, {"cvssMetricV31", "3.1"}, {"cvssMetricV30", "3.0"}, {"cvssMetricV2", "2.0"}};

  @Override
  public String id() {
    return "nvd";
  }

  @Override
  public String description() {
    return "NVD CVE data, CVE API 2.0 JSON (yearly feeds or API pages), for CVSS where OSV has none";
  }

  @Override
  public List<RemoteFile> remoteFiles(UpdateSettings settings) {
    List<RemoteFile> out = new ArrayList<>();
    int last = Year.now(ZoneOffset.UTC).getValue();
    for (int y = Math.max(1999, settings.nvdFirstYear()); y <= last; y++) {
      String name = "nvdcve-2.0-" + y + ".json.gz";
      out.add(new RemoteFile("nvd/" + name, URI.create("https://nvd.nist.gov/feeds/json/cve/2.0/" + name), y == last));
    }
    return out;
  }

  @Override
  public int recognize(String fileName, byte[] head) {
    return JsonStreams.contains(head, "\"NVD_CVE\"") ? 20 : 0;
  }

  @Override
  public void read(SourceFile file, AdvisorySink sink) throws IOException {
    try (InputStream in = file.open()) {
      readStream(in, sink);
    }
  }

  private void readStream(InputStream in, AdvisorySink sink) throws IOException {
    boolean found = JsonStreams.forEachElement(in, "vulnerabilities", (i, v) -> {
      JsonNode cve = v.path("cve");
      String id = JsonStreams.text(cve, "id");
      if (!KevSource.CVE.matcher(id).matches()) {
        sink.issue("vulnerabilities[" + i + "]", "no valid CVE id ('" + id + "')");
        return;
      }
      JsonNode metrics = cve.path("metrics");
      for (String[] m : METRICS) {
        String vector = pick(metrics.path(m[0]));
        if (!vector.isEmpty()) {
          sink.nvdCvss(id, m[1], vector);
        }
      }
    });
    if (!found) {
      throw new IOException("not NVD CVE API 2.0 JSON (no 'vulnerabilities' list)");
    }
  }

  /** NVD's own ("Primary") assessment when there is one, else the first. */
  private static String pick(JsonNode list) {
    String first = "";
    for (JsonNode metric : list) {
      String vector = JsonStreams.text(metric.path("cvssData"), "vectorString");
      if (vector.isEmpty()) {
        continue;
      }
      if ("Primary".equals(JsonStreams.text(metric, "type"))) {
        return vector;
      }
      if (first.isEmpty()) {
        first = vector;
      }
    }
    return first;
  }
}
