package dev.kubeward.risk;

import dev.kubeward.advisories.CvssScore;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.advisories.VersionComparators;
import dev.kubeward.advisories.VulnerabilityMatch;
import dev.kubeward.inventory.ContainerInfo;
import dev.kubeward.inventory.ImageRef;
import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.Workload;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.ResourceRef;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Scores vulnerable components in the context of the cluster that runs them and finds attack paths. Stateless apart
 * from its weights; thread-safe.
 *
 * <pre>{@code
 * RiskAssessment a = new RiskEngine(RiskWeights.defaults()).assess(inventory, subjects, RuntimeSignals.NONE);
 * }</pre>
 */
public final class RiskEngine {
  /** Components ordered by risk: score, then level, then KEV, then id for a stable order. */
  public static final Comparator<VulnerableComponent> BY_RISK = Comparator
      .comparingDouble(VulnerableComponent::score).reversed()
      .thenComparing(VulnerableComponent::level)
      .thenComparing(c -> !c.kev())
      .thenComparing(VulnerableComponent::id);

  private final RiskWeights w;

  public RiskEngine(RiskWeights weights) {
    this.w = weights;
  }

  /** The weights in use. */
  public RiskWeights weights() {
    return w;
  }

  /**
   * Assesses every scanned subject of one cluster.
   *
   * @param inventory the cluster's inventory (workloads, Services, RBAC, pods)
   * @param subjects the scanned images (by digest), node pools and control plane with their matches
   * @param signals runtime alerts per workload ({@link RuntimeSignals#NONE} without runtime detection)
   */
  public RiskAssessment assess(Inventory inventory, List<ScanSubject> subjects, RuntimeSignals signals) {
    return assess(inventory, subjects, signals, ref -> "");
  }

  /**
   * Assesses every scanned subject of one cluster, with a way to tell the digest of an image that no running pod
   * reports (a CronJob between runs): {@code digestOf} answers "" when it cannot tell.
   */
  public RiskAssessment assess(Inventory inventory, List<ScanSubject> subjects, RuntimeSignals signals,
      java.util.function.Function<ImageRef, String> digestOf) {
    Map<ResourceRef, WorkloadContext> contexts = ContextAnalyzer.analyze(inventory, signals);
    Map<String, Set<ResourceRef>> workloadsByDigest = new TreeMap<>();
    for (Workload wl : inventory.graph().workloads()) {
      for (ContainerInfo c : wl.containers()) {
        String digest = c.image().digest().isEmpty() ? digestOf.apply(c.image()) : c.image().digest();
        if (digest != null && !digest.isEmpty()) {
          workloadsByDigest.computeIfAbsent(digest, k -> new TreeSet<>()).add(wl.ref());
        }
      }
    }
    List<VulnerableComponent> components = new ArrayList<>();
    for (ScanSubject s : subjects) {
      List<WorkloadContext> ctx = s.kind() == ScanSubject.Kind.IMAGE
          ? workloadsByDigest.getOrDefault(s.id(), Set.of()).stream().map(contexts::get)
              .filter(java.util.Objects::nonNull).toList()
          : List.of();
      components.addAll(assessSubject(s, ctx));
    }
    components.sort(BY_RISK);
    return new RiskAssessment(components, attackPaths(components, contexts));
  }

  /** Assesses one subject in the given workload contexts (empty for nodes, or for an image nothing runs). */
  public List<VulnerableComponent> assessSubject(ScanSubject subject, List<WorkloadContext> contexts) {
    Map<String, List<VulnerabilityMatch>> byPackage = new LinkedHashMap<>();
    for (VulnerabilityMatch m : subject.matches()) {
      InstalledPackage p = m.pkg();
      byPackage.computeIfAbsent(p.ecosystem().name() + "|" + p.name() + "|" + p.version(), k -> new ArrayList<>())
          .add(m);
    }
    List<VulnerableComponent> out = new ArrayList<>();
    // The context is the subject's (its workloads'), the same for all its components: worked out once.
    boolean node = subject.kind() != ScanSubject.Kind.IMAGE;
    Context context = bestContext(contexts, node, subject);
    int pods = contexts.stream().mapToInt(WorkloadContext::runningPods).sum();
    for (Map.Entry<String, List<VulnerabilityMatch>> e : byPackage.entrySet()) {
      out.add(component(subject, e.getKey(), e.getValue(), contexts, context, pods));
    }
    return out;
  }

  private record Context(double points, List<RiskFactor> factors, ResourceRef workload) {}

  private VulnerableComponent component(ScanSubject subject, String packageKey, List<VulnerabilityMatch> matches,
      List<WorkloadContext> contexts, Context context, int pods) {
    InstalledPackage pkg = matches.get(0).pkg();
    boolean node = subject.kind() != ScanSubject.Kind.IMAGE;
    boolean running = node || pods > 0;
    double factor = running ? 1.0 : w.get("context.notRunningFactor");

    // One entry per vulnerability id: several advisories (Debian's DSA and the CVE) may describe the same one.
    Map<String, VulnerabilityMatch> byId = new LinkedHashMap<>();
    for (VulnerabilityMatch m : matches) {
      byId.merge(vulnerabilityId(m), m, (a, b) -> cvssOf(b) > cvssOf(a) ? b : a);
    }
    List<CveRisk> cves = new ArrayList<>();
    Map.Entry<String, VulnerabilityMatch> bestEntry = null;
    double best = -1;
    for (Map.Entry<String, VulnerabilityMatch> e : byId.entrySet()) {
      VulnerabilityMatch m = e.getValue();
      double raw = vulnerabilityPoints(m) + context.points();
      double score = round(clamp(raw * factor));
      if (score > best) {
        best = score;
        bestEntry = e;
      }
      CvssScore top = topCvss(m);
      cves.add(new CveRisk(e.getKey(), m.advisoryId(), m.aliases(), m.summary(), m.severity(), cvssOf(m),
          top == null ? "" : top.vector(), m.epss().map(x -> x.probability()).orElse(null),
          m.epss().map(x -> x.percentile()).orElse(null), m.knownExploited(),
          m.kev().map(k -> k.dateAdded()).orElse(""), m.fixedVersions(), score, w.level(score)));
    }
    cves.sort(Comparator.comparingDouble(CveRisk::score).reversed().thenComparing(CveRisk::severity)
        .thenComparing(CveRisk::id));

    // Words only for the CVE that decided the score: building them for every CVE costs more than the scoring.
    List<RiskFactor> factors = new ArrayList<>(vulnerabilityFactors(bestEntry.getKey(), bestEntry.getValue()));
    factors.addAll(context.factors());
    if (!running) {
      factors.add(new RiskFactor("notRunningFactor", "not running now (no pod runs this image)",
          round((factor - 1) * best / Math.max(factor, 0.01))));
    }
    if (cves.size() > 1) {
      factors.add(new RiskFactor("count", cves.size() + " vulnerabilities in this package", 0));
    }
    String[] fix = recommendedFix(pkg, byId.values());
    int fixedCount = Integer.parseInt(fix[1]);
    Severity worst = cves.stream().map(CveRisk::severity).min(Comparator.naturalOrder()).orElse(Severity.UNKNOWN);
    Double maxEpss = cves.stream().map(CveRisk::epss).filter(java.util.Objects::nonNull)
        .max(Double::compare).orElse(null);
    double maxCvss = cves.stream().mapToDouble(CveRisk::cvss).max().orElse(0);
    List<ResourceRef> workloads = contexts.stream().map(WorkloadContext::workload).sorted().toList();
    List<String> namespaces = workloads.stream().map(ResourceRef::namespace).distinct().sorted().toList();
    String explanation = factors.stream().filter(f -> f.points() != 0 || f.code().equals("count"))
        .map(RiskFactor::text).collect(Collectors.joining("; "));
    double score = Math.max(0, best);
    return new VulnerableComponent(id(subject.kind() + "|" + subject.id() + "|" + packageKey), subject.kind(),
        subject.id(), subject.displayName(), pkg.name(), pkg.version(), pkg.ecosystem(), pkg.purl(),
        pkg.layerDigest(), cves, fix[0], fixedCount, workloads, namespaces, pods, subject.nodes(), worst,
        cves.stream().anyMatch(CveRisk::kev), maxEpss, maxCvss, score, w.level(score), factors, explanation,
        context.workload());
  }

  /** The same sum as {@link #vulnerabilityFactors}, without the words. */
  private double vulnerabilityPoints(VulnerabilityMatch m) {
    double p = round(cvssOf(m) * w.get("vulnerability.cvssPoints"));
    if (m.kev().isPresent()) {
      p += w.get("vulnerability.kev");
    }
    if (m.epss().isPresent()) {
      p += round(m.epss().get().probability() * w.get("vulnerability.epss"));
    }
    if (!m.fixedVersions().isEmpty()) {
      p += w.get("vulnerability.fixAvailable");
    }
    return p;
  }

  private List<RiskFactor> vulnerabilityFactors(String id, VulnerabilityMatch m) {
    List<RiskFactor> f = new ArrayList<>();
    CvssScore top = topCvss(m);
    double cvss = cvssOf(m);
    f.add(new RiskFactor("cvssPoints", top == null
        ? id + ": " + m.severity().label() + " severity (CVSS " + fmt(cvss) + " assumed)"
        : id + ": CVSS " + fmt(cvss), round(cvss * w.get("vulnerability.cvssPoints"))));
    m.kev().ifPresent(k -> f.add(new RiskFactor("kev", "exploited in the wild (KEV, listed " + k.dateAdded() + ")",
        w.get("vulnerability.kev"))));
    m.epss().ifPresent(e -> f.add(new RiskFactor("epss", String.format(Locale.ROOT,
        e.probability() < 0.1 ? "EPSS %.1f%% chance of exploitation in the next 30 days"
            : "EPSS %.0f%% chance of exploitation in the next 30 days", e.probability() * 100),
        round(e.probability() * w.get("vulnerability.epss")))));
    if (!m.fixedVersions().isEmpty()) {
      f.add(new RiskFactor("fixAvailable", "fix available (" + String.join(", ", m.fixedVersions()) + ")",
          w.get("vulnerability.fixAvailable")));
    } else {
      f.add(new RiskFactor("fixAvailable", "no fix yet", 0));
    }
    return f;
  }

  private Context bestContext(List<WorkloadContext> contexts, boolean node, ScanSubject subject) {
    if (node) {
      String where = subject.kind() == ScanSubject.Kind.CONTROL_PLANE ? "the cluster's control plane"
          : "node(s) " + String.join(", ", subject.nodes());
      return new Context(w.get("context.node"), List.of(new RiskFactor("node", "runs on " + where, w.get(
          "context.node"))), null);
    }
    Context best = new Context(0, List.of(), null);
    for (WorkloadContext c : contexts) {
      Context candidate = context(c);
      if (best.workload() == null || candidate.points() > best.points()) {
        best = candidate;
      }
    }
    return best;
  }

  private Context context(WorkloadContext c) {
    List<RiskFactor> f = new ArrayList<>();
    String who = c.workload().kind() + " " + c.workload().namespace() + "/" + c.workload().name();
    if (c.runningPods() > 0) {
      f.add(new RiskFactor("running", c.runningPods() + " running pod(s) of " + who, w.get("context.running")));
    }
    if (c.internetExposed()) {
      f.add(new RiskFactor("internetExposed", "reachable from the internet through "
          + String.join(", ", c.exposures()), w.get("context.internetExposed")));
    }
    double privPoints = 0;
    List<String> privTexts = new ArrayList<>();
    if (c.privileged()) {
      privPoints += w.get("context.privileged");
    }
    if (c.hostNamespaces()) {
      privPoints += w.get("context.hostNamespaces");
    }
    if (c.hostMounts()) {
      privPoints += w.get("context.hostMounts");
    }
    privTexts.addAll(c.privileges());
    if (!privTexts.isEmpty()) {
      f.add(new RiskFactor("privileges", String.join(", ", privTexts),
          Math.min(privPoints, w.get("context.privilegesMax"))));
    }
    WorkloadContext.AccountPower p = c.accountPower();
    if (p.any()) {
      double pts = 0;
      List<String> what = new ArrayList<>();
      if (p.clusterAdmin()) {
        pts = Math.max(pts, w.get("context.serviceAccountClusterAdmin"));
        what.add("is cluster-admin");
      }
      if (p.readsSecrets() && !p.clusterAdmin()) {
        pts = Math.max(pts, w.get("context.serviceAccountReadsSecrets"));
        what.add("can read Secrets in " + p.secretsScope());
      }
      if (p.createsPods() && !p.clusterAdmin()) {
        pts = Math.max(pts, w.get("context.serviceAccountCreatesPods"));
        what.add("can create pods");
      }
      f.add(new RiskFactor("serviceAccount", "its service account " + c.serviceAccount() + " "
          + String.join(" and ", what), pts));
    }
    if (c.openRuntimeAlerts() > 0) {
      f.add(new RiskFactor("openRuntimeAlerts", c.openRuntimeAlerts() + " open runtime alert(s) on " + who,
          w.get("context.openRuntimeAlerts")));
    }
    double total = f.stream().mapToDouble(RiskFactor::points).sum();
    return new Context(total, f, c.workload());
  }

  // ----- attack paths -----

  private List<AttackPath> attackPaths(List<VulnerableComponent> components, Map<ResourceRef, WorkloadContext> ctx) {
    Map<ResourceRef, List<VulnerableComponent>> exploitable = new TreeMap<>();
    for (VulnerableComponent c : components) {
      if (c.subjectKind() != ScanSubject.Kind.IMAGE || !exploitable(c)) {
        continue;
      }
      for (ResourceRef wl : c.workloads()) {
        exploitable.computeIfAbsent(wl, k -> new ArrayList<>()).add(c);
      }
    }
    List<AttackPath> out = new ArrayList<>();
    for (Map.Entry<ResourceRef, List<VulnerableComponent>> e : exploitable.entrySet()) {
      WorkloadContext c = ctx.get(e.getKey());
      if (c == null || !c.internetExposed()) {
        continue;
      }
      List<VulnerableComponent> enabling = e.getValue().stream().sorted(BY_RISK).limit(5).toList();
      WorkloadContext.AccountPower p = c.accountPower();
      if (p.clusterAdmin()) {
        out.add(path(c, enabling, AttackPath.Target.CLUSTER_ADMIN, "cluster-admin rights",
            "its service account " + c.serviceAccount() + " is cluster-admin"));
      } else if (p.readsSecrets()) {
        out.add(path(c, enabling, AttackPath.Target.SECRETS, "Secrets in " + p.secretsScope(),
            "its service account " + c.serviceAccount() + " can read Secrets in " + p.secretsScope()));
      }
      if (c.privileged() || c.hostNamespaces() || c.hostMounts()) {
        out.add(path(c, enabling, AttackPath.Target.NODE, "the node", String.join(", ", c.privileges())));
      } else if (p.createsPods() && !p.clusterAdmin()) {
        out.add(path(c, enabling, AttackPath.Target.NODE, "the node (through a privileged pod it creates)",
            "its service account " + c.serviceAccount() + " can create pods"));
      }
    }
    out.sort(Comparator.comparingDouble(AttackPath::score).reversed().thenComparing(AttackPath::id));
    return out;
  }

  private boolean exploitable(VulnerableComponent c) {
    return c.vulnerabilities().stream().anyMatch(v -> v.kev()
        || (v.epss() != null && v.epss() >= w.get("attackPaths.minEpss"))
        || v.cvss() >= w.get("attackPaths.minCvss"));
  }

  private AttackPath path(WorkloadContext c, List<VulnerableComponent> enabling, AttackPath.Target target,
      String targetText, String privilegeText) {
    String wl = c.workload().key();
    VulnerableComponent top = enabling.get(0);
    List<String> ids = enabling.stream().map(VulnerableComponent::id).toList();
    String cve = top.vulnerabilities().get(0).id();
    List<AttackPath.Step> steps = List.of(
        new AttackPath.Step(AttackPath.StepKind.ENTRY, "Internet → " + c.exposures().get(0),
            "reachable from the internet through " + String.join(", ", c.exposures()) + " to " + wl, wl, List.of()),
        new AttackPath.Step(AttackPath.StepKind.EXPLOIT, cve + " in " + top.packageName() + " " + top.version(),
            "exploit " + cve + (top.kev() ? " (exploited in the wild)" : "") + " in " + top.packageName() + " "
                + top.version() + " of image " + top.subjectName()
                + (enabling.size() > 1 ? " (or " + (enabling.size() - 1) + " other vulnerable component(s))" : ""),
            wl, ids),
        new AttackPath.Step(AttackPath.StepKind.PRIVILEGE, target == AttackPath.Target.NODE && !c.privileges()
            .isEmpty() ? "host access" : "ServiceAccount " + c.serviceAccount(), privilegeText,
            target == AttackPath.Target.NODE && !c.privileges().isEmpty() ? wl
                : "ServiceAccount/" + c.serviceAccount(), c.accountPower().grantedBy()),
        new AttackPath.Step(AttackPath.StepKind.TARGET, targetText, "reach " + targetText, "", List.of()));
    return new AttackPath(id("path|" + wl + "|" + target), c.workload(), target, targetText, top.score(),
        top.level(), steps, ids);
  }

  // ----- helpers -----

  /** The CVE id of a match (the advisory's own, or its first CVE alias), else the advisory id. */
  static String vulnerabilityId(VulnerabilityMatch m) {
    if (m.advisoryId().startsWith("CVE-")) {
      return m.advisoryId();
    }
    for (String a : m.aliases()) {
      if (a.startsWith("CVE-")) {
        return a;
      }
    }
    for (String a : m.related()) {
      if (a.startsWith("CVE-") && m.related().size() == 1) {
        return a;
      }
    }
    return m.advisoryId();
  }

  private static CvssScore topCvss(VulnerabilityMatch m) {
    return m.cvss().stream().max(Comparator.comparingDouble(CvssScore::baseScore)).orElse(null);
  }

  private double cvssOf(VulnerabilityMatch m) {
    CvssScore top = topCvss(m);
    return top == null ? w.severityCvss(m.severity()) : top.baseScore();
  }

  /**
   * The fixed version that fixes the most vulnerabilities, and how many it fixes; ties go to the lowest version.
   * The candidates (every fixed version named) are sorted once: a vulnerability is fixed by every candidate from its
   * lowest fixed version on, so the most are fixed from the highest of those lowest versions — n log n comparisons
   * instead of one per candidate and vulnerability (RPM comparisons are costly, and distribution packages have many
   * advisories).
   */
  static String[] recommendedFix(InstalledPackage pkg, java.util.Collection<VulnerabilityMatch> matches) {
    VersionComparator cmp = VersionComparators.forEcosystem(pkg.ecosystem());
    Set<String> names = new TreeSet<>();
    matches.forEach(m -> names.addAll(m.fixedVersions()));
    if (names.isEmpty()) {
      return new String[] {"", "0"};
    }
    List<String> sorted = new ArrayList<>(names);
    try {
      sorted.sort(cmp::compare);
    } catch (RuntimeException e) {
      // A version this scheme cannot parse: fall back to text order rather than failing the assessment.
      sorted = new ArrayList<>(names);
    }
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      index.put(sorted.get(i), i);
    }
    int needed = -1;
    int fixable = 0;
    for (VulnerabilityMatch m : matches) {
      int lowest = Integer.MAX_VALUE;
      for (String f : m.fixedVersions()) {
        lowest = Math.min(lowest, index.get(f));
      }
      if (lowest != Integer.MAX_VALUE) {
        needed = Math.max(needed, lowest);
        fixable++;
      }
    }
    return new String[] {sorted.get(needed), Integer.toString(fixable)};
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(100, v));
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String id(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Exposed for callers that key their own data by component: the id of a package in a subject. */
  public static String componentId(ScanSubject.Kind kind, String subjectId, InstalledPackage pkg) {
    return id(kind + "|" + subjectId + "|" + pkg.ecosystem().name() + "|" + pkg.name() + "|" + pkg.version());
  }

  /** The risk level of a score under the given weights. */
  public RiskLevel level(double score) {
    return w.level(score);
  }
}
