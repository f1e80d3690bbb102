package dev.kubeward.advisories.internal.sources;

import dev.kubeward.advisories.AdvisorySink;
import dev.kubeward.advisories.AdvisorySource;
import dev.kubeward.advisories.KevEntry;
import dev.kubeward.advisories.RemoteFile;
import dev.kubeward.advisories.UpdateSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/** CISA's Known Exploited Vulnerabilities catalogue (JSON). */
public final class KevSource implements AdvisorySource {
  static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");

  @Override
  public String id() {
    return "kev";
  }

  @Override
  public String description() {
    return "CISA Known Exploited Vulnerabilities catalogue (JSON)";
  }

  @Override
  public List<RemoteFile> remoteFiles(UpdateSettings settings) {
    return List.of(new RemoteFile("kev/known_exploited_vulnerabilities.json",
        URI.create("https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"), false));
  }

  @Override
  public int recognize(String fileName, byte[] head) {
    return JsonStreams.contains(head, "\"catalogVersion\"") || JsonStreams.contains(head, "\"cveID\"") ? 20 : 0;
  }

  @Override
  public void read(SourceFile file, AdvisorySink sink) throws IOException {
    try (InputStream in = file.open()) {
      readStream(in, sink);
    }
  }

  private void readStream(InputStream in, AdvisorySink sink) throws IOException {
    boolean found = JsonStreams.forEachElement(in, "vulnerabilities", (i, v) -> {
      String cve = JsonStreams.text(v, "cveID").trim();
      if (!CVE.matcher(cve).matches()) {
        sink.issue("vulnerabilities[" + i + "]", "no valid cveID ('" + cve + "')");
        return;
      }
      sink.kev(new KevEntry(cve, JsonStreams.text(v, "dateAdded"), JsonStreams.text(v, "dueDate"),
          JsonStreams.text(v, "knownRansomwareCampaignUse"), JsonStreams.text(v, "vulnerabilityName"),
          JsonStreams.text(v, "requiredAction")));
    });
    if (!found) {
      throw new IOException("not a KEV catalogue (no 'vulnerabilities' list)");
    }
  }
}
