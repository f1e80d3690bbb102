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
import dev.kubeward.advisories.internal.store.StoredRange;
import dev.kubeward.advisories.internal.store.StoredSeverity;
import dev.kubeward.model.Ecosystem;
import dev.kubeward.model.InstalledPackage;
import dev.kubeward.model.NotEvaluated;
import dev.kubeward.model.OsRelease;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
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
  private final Set<Ecosystem> covered = EnumSet.noneOf(Ecosystem.class);

  public PackageMatcher(AdvisoryStore store) {
    this.store = store;
    store.metadata().advisoriesByEcosystem().keySet().forEach(e -> Ecosystem.fromOsvName(e).ifPresent(covered::add));
  }

  /** Matches and undetermined packages. */
  public record Outcome(List<VulnerabilityMatch> matches, List<UndeterminedPackage> undetermined) {}

  public Outcome match(List<InstalledPackage> packages, Optional<OsRelease> os) {
    List<VulnerabilityMatch> matches = new ArrayList<>();
    List<UndeterminedPackage> undetermined = new ArrayList<>();
    // One advisory often affects many packages of a scan (an errata lists every binary package of its source), so
    // each is decoded and enriched once per call.
    Map<String, Optional<AdvisoryFacts>> facts = new HashMap<>();
    for (InstalledPackage pkg : packages) {
      if (!covered.contains(pkg.ecosystem())) {
        String name = pkg.ecosystem().osvName();
        undetermined.add(new UndeterminedPackage(pkg, List.of(), new NotEvaluated(NotEvaluated.Reason.DATA_MISSING,
            "the database holds no " + name + " advisories; add them with 'kubeward db update --ecosystem "
                + (name.contains(" ") ? "\"" + name + "\"" : name) + "'")));
        continue;
      }
      matchOne(pkg, os, matches, undetermined, facts);
    }
    matches.sort(Comparator.comparing(VulnerabilityMatch::severity)
        .thenComparing(m -> m.pkg().name())
        .thenComparing(m -> m.pkg().version())
        .thenComparing(VulnerabilityMatch::advisoryId));
    return new Outcome(matches, undetermined);
  }

  /**
   * Matches a sample of the database's own packages, at versions taken from their own ranges, and throws the result
   * away. In a fresh JVM the first match pays for loading and linking the codec, the comparators, the range and
   * release logic and the enrichment, and runs them interpreted; a CLI calls this on another thread while it reads
   * the image, so the real match finds that work done.
   */
  public void warmUp(int perEcosystem) {
    Map<Ecosystem, List<InstalledPackage>> byEcosystem = new LinkedHashMap<>();
    Map<Ecosystem, String> releases = new HashMap<>();
    for (String key : store.samplePackageKeys(perEcosystem)) {
      int nul = key.indexOf('\u0000');
      Optional<Ecosystem> e = Ecosystem.fromOsvName(key.substring(0, nul));
      if (e.isEmpty()) {
        continue;
      }
      for (StoredAffected a : store.affected(key)) {
        String version = sampleVersion(a);
        if (!version.isEmpty()) {
          byEcosystem.computeIfAbsent(e.get(), x -> new ArrayList<>())
              .add(new InstalledPackage(a.name(), version, e.get(), "", "", "", List.of(), "", List.of()));
          releases.putIfAbsent(e.get(), PackageKeys.release(a.ecosystem()));
          break;
        }
      }
    }
    byEcosystem.forEach((e, pkgs) -> match(pkgs, e.operatingSystem()
        ? Optional.of(new OsRelease(e, releases.getOrDefault(e, ""), "", "")) : Optional.empty()));
  }

  /** A version an affected entry names: its first explicit version, else its first non-zero range event. */
  private static String sampleVersion(StoredAffected a) {
    if (!a.versions().isEmpty()) {
      return a.versions().get(0);
    }
    for (StoredRange r : a.ranges()) {
      for (StoredRange.Event ev : r.events()) {
        if (!ev.version().isEmpty() && !ev.version().equals("0")) {
          return ev.version();
        }
      }
    }
    return "";
  }

  private record Candidate(String name, String version) {}

  private record Hit(StoredAffected affected, Candidate candidate, List<String> fixed) {}

  private void matchOne(InstalledPackage pkg, Optional<OsRelease> os, List<VulnerabilityMatch> matches,
      List<UndeterminedPackage> undetermined, Map<String, Optional<AdvisoryFacts>> facts) {
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(new Candidate(pkg.name(), pkg.version()));
    if (pkg.ecosystem().operatingSystem() && !pkg.sourceName().isEmpty() && !pkg.sourceName().equals(pkg.name())) {
      candidates.add(new Candidate(pkg.sourceName(), pkg.sourceVersion().isEmpty() ? pkg.version() : pkg.sourceVersion()));
    }
    Map<String, Hit> hits = new LinkedHashMap<>();
    Map<String, OsReleaseMatcher.Decision> releases = new HashMap<>(4);
    Map<String, String> unknown = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      for (StoredAffected a : store.affected(PackageKeys.key(pkg.ecosystem(), c.name()))) {
        if (hits.containsKey(a.advisory()) && hits.get(a.advisory()).candidate() != c) {
          continue; // already matched through the package's own name
        }
        // A package meets the same few releases (AlmaLinux:8, AlmaLinux:9) in hundreds of entries: decide each once.
        OsReleaseMatcher.Decision d = releases.computeIfAbsent(a.ecosystem(), e -> OsReleaseMatcher.decide(e, pkg, os));
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
      facts.computeIfAbsent(h.affected().advisory(), id -> store.advisory(id).map(this::facts))
          .ifPresent(f -> matches.add(toMatch(pkg, f, h)));
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

  /** What a match needs of an advisory beyond the affected entry: scores, EPSS and KEV of its CVEs. */
  private record AdvisoryFacts(StoredAdvisory advisory, List<CvssScore> osvCvss, List<CvssScore> nvdCvss,
      EpssScore epss, KevEntry kev, SeverityResolver.Resolved severity, List<CvssScore> allCvss) {}

  private AdvisoryFacts facts(StoredAdvisory adv) {
    List<CvssScore> osvCvss = SeverityResolver.score(adv.severity(), "osv");
    List<CvssScore> nvdCvss = new ArrayList<>();
    EpssScore epss = null;
    KevEntry kev = null;
    for (String cve : cveIds(adv)) {
      Optional<CveEnrichment> e = store.cve(cve);
      if (e.isEmpty()) {
        continue;
      }
      for (CvssScore s : SeverityResolver.score(e.get().nvdCvss(), "nvd")) {
        if (!containsVector(osvCvss, s) && !containsVector(nvdCvss, s)) {
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
    // The severity of a match without per-package scores, which is nearly every match: resolved once per advisory.
    SeverityResolver.Resolved severity = SeverityResolver.resolve(adv.databaseSeverity(), adv.severity(), osvCvss,
        nvdCvss);
    List<CvssScore> all = new ArrayList<>(osvCvss);
    all.addAll(nvdCvss);
    return new AdvisoryFacts(adv, osvCvss, nvdCvss, epss, kev, severity, List.copyOf(all));
  }

  private static boolean containsVector(List<CvssScore> scores, CvssScore s) {
    for (CvssScore x : scores) {
      if (x.vector().equals(s.vector())) {
        return true;
      }
    }
    return false;
  }

  private VulnerabilityMatch toMatch(InstalledPackage pkg, AdvisoryFacts f, Hit h) {
    StoredAdvisory adv = f.advisory();
    SeverityResolver.Resolved sev = f.severity();
    List<CvssScore> all = f.allCvss();
    if (!h.affected().severity().isEmpty()) {
      // Per-package scores come first; the advisory's own follow unless they repeat a vector.
      List<CvssScore> osvCvss = new ArrayList<>(SeverityResolver.score(h.affected().severity(), "osv"));
      for (CvssScore s : f.osvCvss()) {
        if (!containsVector(osvCvss, s)) {
          osvCvss.add(s);
        }
      }
      List<CvssScore> nvdCvss = new ArrayList<>();
      for (CvssScore s : f.nvdCvss()) {
        if (!containsVector(osvCvss, s)) {
          nvdCvss.add(s);
        }
      }
      List<StoredSeverity> labels = new ArrayList<>(h.affected().severity());
      labels.addAll(adv.severity());
      sev = SeverityResolver.resolve(adv.databaseSeverity(), labels, osvCvss, nvdCvss);
      List<CvssScore> scores = new ArrayList<>(osvCvss);
      scores.addAll(nvdCvss);
      all = List.copyOf(scores);
    }
    return new VulnerabilityMatch(adv.id(), adv.aliases(), adv.related(), adv.summary(), pkg, h.candidate().name(),
        h.candidate().version(), h.fixed(), sev.severity(), sev.source(), all, Optional.ofNullable(f.epss()),
        Optional.ofNullable(f.kev()), adv.published(), adv.modified(), adv.references());
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
