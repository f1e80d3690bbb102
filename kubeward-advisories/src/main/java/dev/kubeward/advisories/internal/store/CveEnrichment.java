package dev.kubeward.advisories.internal.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kubeward.advisories.EpssScore;
import dev.kubeward.advisories.KevEntry;
import java.util.List;

/** Everything the store knows about one CVE from outside OSV: KEV, EPSS and NVD's CVSS vectors. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CveEnrichment(KevEntry kev, EpssScore epss, List<StoredSeverity> nvdCvss) {
  public CveEnrichment {
    nvdCvss = nvdCvss == null ? List.of() : nvdCvss;
  }
}
