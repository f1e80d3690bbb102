package dev.kubeward.risk;

import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.util.List;

/**
 * The unit of the vulnerability list: one package version in one image (or node pool), with its vulnerabilities,
 * where it runs, and its risk in context.
 *
 * @param id stable id: the same component in the same image keeps it across scans and database updates
 * @param subjectKind image, node pool or control plane
 * @param subjectId the image digest, node pool name or {@code control-plane}
 * @param subjectName the image reference or pool description
 * @param packageName the package
 * @param version its installed version
 * @param ecosystem its ecosystem
 * @param purl its package URL, or ""
 * @param layerDigest the image layer that introduced it, or "" when unknown
 * @param vulnerabilities its vulnerabilities, worst first
 * @param recommendedFix the fixed version that removes most of them, or "" when there is no fix
 * @param fixedByRecommended how many of them that version fixes
 * @param workloads the workloads that run it, sorted
 * @param namespaces their namespaces, sorted
 * @param runningPods pods running it now
 * @param nodes the nodes it runs on directly (node pools)
 * @param severity the worst severity among its vulnerabilities
 * @param kev one of them is exploited in the wild
 * @param maxEpss the highest EPSS probability, or null
 * @param maxCvss the highest CVSS base score
 * @param score its risk score, 0..100
 * @param level its risk level
 * @param factors why, in plain words, biggest first
 * @param explanation the factors that raised it joined into one sentence
 * @param contextWorkload the workload whose context decided the score, or null
 */
public record VulnerableComponent(
    String id,
    ScanSubject.Kind subjectKind,
    String subjectId,
    String subjectName,
    String packageName,
    String version,
    Ecosystem ecosystem,
    String purl,
    String layerDigest,
    List<CveRisk> vulnerabilities,
    String recommendedFix,
    int fixedByRecommended,
    List<ResourceRef> workloads,
    List<String> namespaces,
    int runningPods,
    List<String> nodes,
    Severity severity,
    boolean kev,
    Double maxEpss,
    double maxCvss,
    double score,
    RiskLevel level,
    List<RiskFactor> factors,
    String explanation,
    ResourceRef contextWorkload) {

  public VulnerableComponent {
    vulnerabilities = List.copyOf(vulnerabilities);
    workloads = List.copyOf(workloads);
    namespaces = List.copyOf(namespaces);
    nodes = List.copyOf(nodes);
    factors = List.copyOf(factors);
  }

  /** True when some vulnerability has a fixed version. */
  public boolean fixAvailable() {
    return !recommendedFix.isEmpty();
  }

  /** The ids of its vulnerabilities (CVE ids where known). */
  public List<String> cveIds() {
    return vulnerabilities.stream().map(CveRisk::id).toList();
  }
}
