package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.advisories.internal.match.OsvRangeMatcher;
import dev.kubeward.advisories.internal.match.OsvRangeMatcher.Verdict;
import dev.kubeward.advisories.internal.store.StoredAffected;
import dev.kubeward.advisories.internal.store.StoredRange;
import dev.kubeward.advisories.internal.store.StoredRange.Event;
import dev.kubeward.model.Ecosystem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OSV range semantics, case by case (the examples of the OSV schema's "Evaluation" section and their edges). */
class OsvRangeMatcherTest {
  static Event e(String kind, String version) {
    return new Event(kind, version);
  }

  static StoredAffected affected(String type, boolean sorted, List<String> versions, Event... events) {
    return new StoredAffected("X-1", "npm", "p", List.of(new StoredRange(type, List.of(events), sorted)), versions,
        List.of(), "");
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
      "0.9.0, NOT_AFFECTED, ''",
      "1.0.0, AFFECTED, 1.2.0",
      "1.1.9, AFFECTED, 1.2.0",
      "1.2.0, NOT_AFFECTED, ''",
      "1.9.9, NOT_AFFECTED, ''",
      "2.0.0, AFFECTED, ''",
      "2.1.0, AFFECTED, ''",
      "2.1.1, NOT_AFFECTED, ''",
      "3.0.0-rc.1, NOT_AFFECTED, ''",
  })
  void introducedFixedAndLastAffected(String version, Verdict verdict, String fix) {
    StoredAffected a = affected("SEMVER", true, List.of(), e("introduced", "1.0.0"), e("fixed", "1.2.0"),
        e("introduced", "2.0.0"), e("last_affected", "2.1.0"));
    OsvRangeMatcher.Result r = OsvRangeMatcher.evaluate(a, version, Ecosystem.NPM);
    assertThat(r.verdict()).isEqualTo(verdict);
    assertThat(String.join(",", r.fixed())).isEqualTo(fix);
  }

  @Test
  void introducedZeroMeansEveryVersionBeforeTheFix() {
    StoredAffected a = affected("SEMVER", true, List.of(), e("introduced", "0"), e("fixed", "1.6.0"));
    assertThat(OsvRangeMatcher.evaluate(a, "0.0.1", Ecosystem.NPM).verdict()).isEqualTo(Verdict.AFFECTED);
    assertThat(OsvRangeMatcher.evaluate(a, "1.6.0", Ecosystem.NPM).verdict()).isEqualTo(Verdict.NOT_AFFECTED);
  }

  @Test
  void limitCapsTheRange() {
    StoredAffected a = affected("SEMVER", true, List.of(), e("introduced", "0"), e("limit", "2.0.0"));
    assertThat(OsvRangeMatcher.evaluate(a, "1.9.9", Ecosystem.NPM).verdict()).isEqualTo(Verdict.AFFECTED);
    assertThat(OsvRangeMatcher.evaluate(a, "2.0.0", Ecosystem.NPM).verdict()).isEqualTo(Verdict.NOT_AFFECTED);
    StoredAffected unlimited = affected("SEMVER", true, List.of(), e("introduced", "0"), e("limit", "*"));
    assertThat(OsvRangeMatcher.evaluate(unlimited, "99.0.0", Ecosystem.NPM).verdict()).isEqualTo(Verdict.AFFECTED);
  }

  @Test
  void unsortedEventsAreSortedBeforeEvaluation() {
    StoredAffected a = affected("ECOSYSTEM", false, List.of(), e("fixed", "1.8.9"), e("introduced", "1.8.0"),
        e("fixed", "1.7.14"), e("introduced", "1.3.0"));
    assertThat(OsvRangeMatcher.evaluate(a, "1.8.2", Ecosystem.NPM).fixed()).containsExactly("1.8.9");
    assertThat(OsvRangeMatcher.evaluate(a, "1.7.20", Ecosystem.NPM).verdict()).isEqualTo(Verdict.NOT_AFFECTED);
  }

  @Test
  void explicitVersionsListMatchesEvenWithoutRanges() {
    StoredAffected a = new StoredAffected("X-1", "PyPI", "p", List.of(), List.of("2.0.0-final", "1.0"), List.of(), "");
    assertThat(OsvRangeMatcher.evaluate(a, "2.0.0-final", Ecosystem.PYPI).verdict()).isEqualTo(Verdict.AFFECTED);
    assertThat(OsvRangeMatcher.evaluate(a, "2.0.1", Ecosystem.PYPI).verdict()).isEqualTo(Verdict.NOT_AFFECTED);
  }

  @Test
  void unreadableVersionsAreUnknownNotClean() {
    StoredAffected a = affected("ECOSYSTEM", true, List.of(), e("introduced", "0"), e("fixed", "2.0"));
    OsvRangeMatcher.Result r = OsvRangeMatcher.evaluate(a, "banana!", Ecosystem.PYPI);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("banana!");
    StoredAffected badBound = affected("ECOSYSTEM", false, List.of(), e("introduced", "0"), e("fixed", "nightly"));
    assertThat(OsvRangeMatcher.evaluate(badBound, "1.0", Ecosystem.PYPI).verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void anAdvisoryWithAnUnknownRangeTypeIsUnknownUnlessAnotherRangeMatches() {
    StoredAffected a = new StoredAffected("X-1", "npm", "p", List.of(), List.of(), List.of(),
        "unknown range type 'DATE'");
    assertThat(OsvRangeMatcher.evaluate(a, "1.0.0", Ecosystem.NPM).verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void distributionVersionsUseTheirOwnOrdering() {
    StoredAffected a = new StoredAffected("DSA-1", "Debian:12", "curl", List.of(new StoredRange("ECOSYSTEM",
        List.of(e("introduced", "0"), e("fixed", "7.88.1-10+deb12u5")), true)), List.of(), List.of(), "");
    assertThat(OsvRangeMatcher.evaluate(a, "7.88.1-10+deb12u4", Ecosystem.DEBIAN).verdict()).isEqualTo(Verdict.AFFECTED);
    assertThat(OsvRangeMatcher.evaluate(a, "7.88.1-10+deb12u12", Ecosystem.DEBIAN).verdict())
        .isEqualTo(Verdict.NOT_AFFECTED);
  }
}
