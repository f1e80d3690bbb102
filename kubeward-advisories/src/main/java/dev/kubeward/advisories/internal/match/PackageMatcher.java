package dev.kubeward.advisories.internal.match;

import dev.kubeward.advisories.CvssScore;
import dev.kubeward.advisories.EpssScore;
import dev.kubeward.advisories.KevEntry;
import dev.kubeward.advisories.UndeterminedPackage;
import dev.kubeward.advisories.VersionComparators;
import dev.kubeward.advisories.VulnerabilityMatch;
import dev.kubeward.advisories.internal.store.AdvisoryStore;
import dev.kubeward.advisories.internal.store.CveEnrichment;
import dev.kubeward.advisories.internal.store.PackageKeys;
import dev.kubeward.advisories.internal.store.StoredAdvisory;
import dev.kubeward.advisories.internal.store.StoredAffected;
import dev.kubeward.advisories.internal.store.StoredSeverity;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.OsRelease;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches packages against the store: looks each up by (ecosystem, name) and, for dpkg and rpm packages, by source
 * package too; filters distribution advisories by OS release; evaluates ranges; enriches matches with CVSS, EPSS and
 * KEV. Stateless apart from the store; safe to share between threads.
 */
public final class PackageMatcher {
  private final AdvisoryStore store;

  public PackageMatcher(AdvisoryStore store) {
    this.store = store;
  }

  /** Matches and undetermined packages. */
  public record Outcome(List<VulnerabilityMatch> matches, List<UndeterminedPackage> undetermined) {}

  public Outcome match(List<InstalledPackage> packages, Optional<OsRelease> os) {
    List<VulnerabilityMatch> matches = new ArrayList<>();
    List<UndeterminedPackage> undetermined = new ArrayList<>();
    for (InstalledPackage pkg : packages) {
      matchOne(pkg, os, matches, undetermined);
    }
    matches.sort(Comparator.comparing(VulnerabilityMatch::severity)
        .thenComparing(m -> m.pkg().name())
        .thenComparing(m -> m.pkg().version())
        .thenComparing(VulnerabilityMatch::advisoryId));
    return new Outcome(matches, undetermined);
  }

  private record Candidate(String name, String version) {}

  private record Hit(StoredAffected affected, Candidate candidate, List<String> fixed) {}

  private void matchOne(InstalledPackage pkg, Optional<OsRelease> os, List<VulnerabilityMatch> matches,
      List<UndeterminedPackage> undetermined) {
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(new Candidate(pkg.name(), pkg.version()));
    if (pkg.ecosystem().operatingSystem() && !pkg.sourceName().isEmpty() && !pkg.sourceName().equals(pkg.name())) {
      candidates.add(new Candidate(pkg.sourceName(), pkg.sourceVersion().isEmpty() ? pkg.version() : pkg.sourceVersion()));
    }
    Map<String, Hit> hits = new LinkedHashMap<>();
    Map<String, String> unknown = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      for (StoredAffected a : store.affected(PackageKeys.key(pkg.ecosystem(), c.name()))) {
        if (hits.containsKey(a.advisory()) && hits.get(a.advisory()).candidate() != c) {
          continue; // already matched through the package's own name
        }
        OsReleaseMatcher.Decision d = OsReleaseMatcher.decide(a.ecosystem(), pkg, os);
        if (d == OsReleaseMatcher.Decision.OTHER_RELEASE) {
          continue;
        }
        if (d == OsReleaseMatcher.Decision.RELEASE_UNKNOWN) {
          unknown.putIfAbsent(a.advisory(), "the " + pkg.ecosystem().osvName()
              + " release is unknown (no OS release detected, no distro in the package URL), and "
              + a.ecosystem() + " advisories apply per release");
          continue;
        }
        OsvRangeMatcher.Result r = OsvRangeMatcher.evaluate(a, c.version(), pkg.ecosystem());
        switch (r.verdict()) {
          case AFFECTED -> {
            Hit prev = hits.get(a.advisory());
            List<String> fixed = new ArrayList<>(prev == null ? List.of() : prev.fixed());
            r.fixed().stream().filter(f -> !fixed.contains(f)).forEach(fixed::add);
            hits.put(a.advisory(), new Hit(prev == null ? a : prev.affected(), c, fixed));
          }
          case UNKNOWN -> unknown.putIfAbsent(a.advisory(), r.reason());
          default -> { }
        }
      }
    }
    for (Hit h : hits.values()) {
      store.advisory(h.affected().advisory()).ifPresent(adv -> matches.add(toMatch(pkg, adv, h)));
    }
    unknown.keySet().removeAll(hits.keySet());
    if (!unknown.isEmpty()) {
      boolean unreadable = !VersionComparators.forEcosystem(pkg.ecosystem()).isValid(pkg.version());
      String detail = unreadable
          ? "version '" + pkg.version() + "' cannot be read as a " + pkg.ecosystem().osvName() + " version"
          : new LinkedHashSet<>(unknown.values()).iterator().next();
      NotEvaluated.Reason reason = detail.contains("release is unknown") ? NotEvaluated.Reason.DATA_MISSING
          : NotEvaluated.Reason.ERROR;
      undetermined.add(new UndeterminedPackage(pkg, List.copyOf(unknown.keySet()), new NotEvaluated(reason, detail)));
    }
  }

  private VulnerabilityMatch toMatch(InstalledPackage pkg, StoredAdvisory adv, Hit h) {
    List<String> cves = cveIds(adv);
    List<CvssScore> osvCvss = new ArrayList<>(SeverityResolver.score(h.affected().severity(), "osv"));
    for (CvssScore s : SeverityResolver.score(adv.severity(), "osv")) {
      if (osvCvss.stream().noneMatch(x -> x.vector().equals(s.vector()))) {
        osvCvss.add(s);
      }
    }
    List<CvssScore> nvdCvss = new ArrayList<>();
    EpssScore epss = null;
    KevEntry kev = null;
    for (String cve : cves) {
      Optional<CveEnrichment> e = store.cve(cve);
      if (e.isEmpty()) {
        continue;
      }
      for (CvssScore s : SeverityResolver.score(e.get().nvdCvss(), "nvd")) {
        if (osvCvss.stream().noneMatch(x -> x.vector().equals(s.vector()))
            && nvdCvss.stream().noneMatch(x -> x.vector().equals(s.vector()))) {
          nvdCvss.add(s);
        }
      }
      if (e.get().epss() != null && (epss == null || e.get().epss().probability() > epss.probability())) {
        epss = e.get().epss();
      }
      if (e.get().kev() != null && (kev == null || e.get().kev().dateAdded().compareTo(kev.dateAdded()) < 0)) {
        kev = e.get().kev();
      }
    }
    List<StoredSeverity> labels = new ArrayList<>(h.affected().severity());
    labels.addAll(adv.severity());
    SeverityResolver.Resolved sev = SeverityResolver.resolve(adv.databaseSeverity(), labels, osvCvss, nvdCvss);
    List<CvssScore> all = new ArrayList<>(osvCvss);
    all.addAll(nvdCvss);
    return new VulnerabilityMatch(adv.id(), adv.aliases(), adv.related(), adv.summary(), pkg, h.candidate().name(),
        h.candidate().version(), h.fixed(), sev.severity(), sev.source(), all, Optional.ofNullable(epss),
        Optional.ofNullable(kev), adv.published(), adv.modified(), adv.references());
  }

  /**
   * The CVEs this advisory is about: its id and aliases; when those name none (AlmaLinux errata), the CVEs it lists as
   * related — for other advisories "related" means merely similar, so it is not used then.
   */
  static List<String> cveIds(StoredAdvisory adv) {
    Set<String> out = new LinkedHashSet<>();
    if (adv.id().startsWith("CVE-")) {
      out.add(adv.id());
    }
    adv.aliases().stream().filter(a -> a.startsWith("CVE-")).forEach(out::add);
    if (out.isEmpty()) {
      adv.related().stream().filter(a -> a.startsWith("CVE-")).forEach(out::add);
    }
    return List.copyOf(out);
  }
}
