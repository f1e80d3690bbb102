package dev.kubeward.server.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A live scanner's change on H2 and PostgreSQL: an increment with the keys of findings that are gone resolves exactly
 * those, keeps the rest, and a gone finding that comes back in a later increment reopens.
 */
class IncrementalResolutionIT {

  /** A finding keyed as the posture engine keys it. */
  static ReportedFinding live(String rule, String name, Severity severity) {
    return ReportedFinding.builder(rule, rule + " on " + name, severity).key(rule + "|Deployment/shop/" + name + "|app")
        .resource("shop", "Deployment", name).container("app").build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void goneKeysOfAnIncrementAreResolvedAndComeBackReopened(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      ReportedFinding a = live("KW-001", "a", Severity.HIGH);
      ReportedFinding b = live("KW-002", "b", Severity.LOW);
      ReportedFinding c = live("KW-003", "c", Severity.MEDIUM);
      f.report(FindingKind.MISCONFIGURATION, "posture", a, b, c);
      FindingReport change = FindingReport.incremental(f.cluster.id(), FindingKind.MISCONFIGURATION, "posture");

      // c is gone, d is new; a and b are not mentioned and stay as they are.
      f.clock.advance(Duration.ofMinutes(5));
      ReportedFinding d = live("KW-004", "d", Severity.HIGH);
      IngestResult r = f.ingest.report(change, List.of(d), List.of(c.identity(), "KW-999|Deployment/shop/never|app"));
      assertThat(r.inserted()).isEqualTo(1);
      assertThat(r.resolved()).isEqualTo(1);
      assertThat(f.byRule("KW-003").status()).isEqualTo(FindingStatus.RESOLVED);
      assertThat(f.byRule("KW-003").present()).isFalse();
      assertThat(f.dao.history(f.byRule("KW-003").id())).last().extracting(FindingChange::comment)
          .isEqualTo("no longer reported by posture");
      assertThat(f.byRule("KW-001").status()).isEqualTo(FindingStatus.OPEN);
      assertThat(f.byRule("KW-002").status()).isEqualTo(FindingStatus.OPEN);
      FindingIngestIT.assertCountsMatchFindings(f);

      // A key both reported and gone in one increment stays open (the newer state wins).
      IngestResult both = f.ingest.report(change, List.of(a), List.of(a.identity()));
      assertThat(both.resolved()).isZero();
      assertThat(f.byRule("KW-001").status()).isEqualTo(FindingStatus.OPEN);

      // c comes back.
      f.clock.advance(Duration.ofMinutes(5));
      IngestResult back = f.ingest.report(change, List.of(c), List.of());
      assertThat(back.reopened()).isEqualTo(1);
      assertThat(f.byRule("KW-003").status()).isEqualTo(FindingStatus.OPEN);
      FindingIngestIT.assertCountsMatchFindings(f);

      // A full report still resolves what it does not contain; gone keys belong to increments only.
      assertThatThrownBy(() -> f.ingest.report(FindingReport.full(f.cluster.id(), FindingKind.MISCONFIGURATION,
          "posture"), List.of(a), List.of(b.identity()))).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
