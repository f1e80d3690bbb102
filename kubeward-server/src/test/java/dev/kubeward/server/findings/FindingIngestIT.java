package dev.kubeward.server.findings;

import static dev.kubeward.server.findings.FindingsFixture.misconfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Scanners' reports on H2 and PostgreSQL: new, unchanged, changed, gone and back again. */
class FindingIngestIT {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void skipsUnchangedFindingsResolvesMissingOnesAndReopensThemWhenTheyComeBack(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      ReportedFinding priv = misconfig("KW-001", "shop", "checkout", Severity.HIGH);
      ReportedFinding root = misconfig("KW-002", "shop", "checkout", Severity.MEDIUM);
      ReportedFinding host = misconfig("KW-003", "kube-system", "proxy", Severity.HIGH);

      IngestResult first = f.report(FindingKind.MISCONFIGURATION, "posture", priv, root, host);
      assertThat(first.inserted()).isEqualTo(3);
      Instant firstReport = f.clock.instant();
      Finding stored = f.byRule("KW-001");
      assertThat(stored.status()).isEqualTo(FindingStatus.OPEN);
      assertThat(stored.firstSeen()).isEqualTo(firstReport);
      assertCountsMatchFindings(f);

      // The same report an hour later writes nothing, yet "last seen" moves with the report.
      f.clock.advance(Duration.ofHours(1));
      IngestResult same = f.report(FindingKind.MISCONFIGURATION, "posture", priv, root, host);
      assertThat(same).extracting(IngestResult::inserted, IngestResult::updated, IngestResult::unchanged)
          .containsExactly(0L, 0L, 3L);
      Finding again = f.byRule("KW-001");
      assertThat(again.updatedAt()).isEqualTo(stored.updatedAt());
      assertThat(again.lastSeen()).isEqualTo(f.clock.instant());

      // KW-003 disappears, KW-002 gets worse: one resolved with the reason, one updated with its history.
      f.clock.advance(Duration.ofHours(1));
      Instant secondReport = f.clock.instant().minus(Duration.ofHours(1));
      IngestResult third = f.report(FindingKind.MISCONFIGURATION, "posture", priv,
          misconfig("KW-002", "shop", "checkout", Severity.HIGH));
      assertThat(third).extracting(IngestResult::updated, IngestResult::unchanged, IngestResult::resolved)
          .containsExactly(1L, 1L, 1L);
      Finding gone = f.byRule("KW-003");
      assertThat(gone.status()).isEqualTo(FindingStatus.RESOLVED);
      assertThat(gone.present()).isFalse();
      assertThat(gone.lastSeen()).isEqualTo(secondReport);
      assertThat(f.dao.history(gone.id())).singleElement().satisfies(c -> {
        assertThat(c.actor()).isEqualTo("scanner:posture");
        assertThat(c.field()).isEqualTo("status");
        assertThat(c.oldValue()).isEqualTo("open");
        assertThat(c.newValue()).isEqualTo("resolved");
        assertThat(c.comment()).isEqualTo("no longer reported by posture");
      });
      assertThat(f.dao.history(f.byRule("KW-002").id())).extracting(FindingChange::field, FindingChange::oldValue,
          FindingChange::newValue).containsExactly(org.assertj.core.groups.Tuple.tuple("severity", "medium", "high"));
      assertCountsMatchFindings(f);

      // KW-003 comes back: reopened, with that reason.
      f.clock.advance(Duration.ofHours(1));
      IngestResult fourth = f.report(FindingKind.MISCONFIGURATION, "posture", priv,
          misconfig("KW-002", "shop", "checkout", Severity.HIGH), host);
      assertThat(fourth.reopened()).isEqualTo(1);
      Finding back = f.byRule("KW-003");
      assertThat(back.status()).isEqualTo(FindingStatus.OPEN);
      assertThat(back.present()).isTrue();
      assertThat(back.id()).isEqualTo(gone.id());
      assertThat(f.dao.history(back.id())).last().extracting(FindingChange::comment)
          .isEqualTo("reported again by posture");
      assertCountsMatchFindings(f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void eachSourceOwnsItsFindingsAndIncrementalReportsResolveNothing(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      f.report(FindingKind.MISCONFIGURATION, "posture", misconfig("KW-001", "shop", "a", Severity.LOW));
      f.report(FindingKind.MISCONFIGURATION, "kube-bench", misconfig("KB-1", "shop", "a", Severity.LOW));
      // An empty full report of one source resolves only that source's findings.
      f.report(FindingKind.MISCONFIGURATION, "kube-bench");
      assertThat(f.byRule("KW-001").status()).isEqualTo(FindingStatus.OPEN);
      assertThat(f.byRule("KB-1").status()).isEqualTo(FindingStatus.RESOLVED);

      f.ingest.report(FindingReport.incremental(f.cluster.id(), FindingKind.ALERT, "runtime"),
          List.of(FindingsFixture.alert("shell-in-container", "web-1", Severity.HIGH)));
      IngestResult later = f.ingest.report(FindingReport.incremental(f.cluster.id(), FindingKind.ALERT, "runtime"),
          List.of(FindingsFixture.alert("crypto-miner", "web-2", Severity.CRITICAL)));
      assertThat(later.resolved()).isZero();
      assertThat(f.list(FindingFilter.ofKind(FindingKind.ALERT))).extracting(Finding::status)
          .containsOnly(FindingStatus.ACTIVE).hasSize(2);
      assertCountsMatchFindings(f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void ingestsThousandsInBatchesAndKeepsKeysRepeatedAcrossBatchesOnce(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      List<ReportedFinding> many = new ArrayList<>();
      IntStream.range(0, 5000).forEach(i -> many.add(misconfig("KW-" + (i % 7), "ns-" + (i % 13), "app-" + i,
          Severity.values()[i % 4])));
      // The first finding again at the end, in a later batch, with another severity: one finding, latest state.
      many.add(misconfig("KW-0", "ns-0", "app-0", Severity.LOW));
      IngestResult r = f.ingest.report(FindingReport.full(f.cluster.id(), FindingKind.MISCONFIGURATION, "posture"), many);
      assertThat(r.inserted()).isEqualTo(5000);
      assertThat(r.updated()).isEqualTo(1);
      assertThat(db.jdbc().sql("select count(*) from findings").query(Long.class).single()).isEqualTo(5000);
      assertCountsMatchFindings(f);

      IngestResult again = f.ingest.report(FindingReport.full(f.cluster.id(), FindingKind.MISCONFIGURATION, "posture"),
          many.subList(0, 4000));
      assertThat(again.unchanged()).isEqualTo(3999);
      assertThat(again.updated()).isEqualTo(1); // app-0 went back to its first severity
      assertThat(again.resolved()).isEqualTo(1000);
      assertCountsMatchFindings(f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void refusesReportsForUnknownClustersAndMalformedFindingsWithoutStoringAnything(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      assertThatThrownBy(() -> f.ingest.report(FindingReport.full("nope", FindingKind.ALERT, "runtime"), List.of()))
          .isInstanceOf(ApiException.class).hasMessage("cluster 'nope' not found");
      assertThatThrownBy(() -> ReportedFinding.builder("", "t", Severity.LOW).build())
          .hasMessage("a reported finding needs 'ruleId'");
      java.util.Map<String, Object> huge = new java.util.HashMap<>();
      huge.put("blob", "x".repeat(70_000));
      List<ReportedFinding> bad = List.of(misconfig("KW-1", "a", "b", Severity.LOW),
          ReportedFinding.builder("KW-2", "t", Severity.LOW).attributes(huge).build());
      assertThatThrownBy(() -> f.report(FindingKind.MISCONFIGURATION, "posture", bad.toArray(ReportedFinding[]::new)))
          .hasMessageContaining("larger than 64 KiB");
      assertThat(db.jdbc().sql("select count(*) from findings").query(Long.class).single()).isZero();
      // A key longer than the column is replaced by its hash, deterministically.
      ReportedFinding longKey = ReportedFinding.builder("KW-9", "t", Severity.LOW).key("k".repeat(2000)).build();
      assertThat(longKey.identity()).startsWith("sha256:").isEqualTo(longKey.identity());
    }
  }

  static void assertCountsMatchFindings(FindingsFixture f) {
    assertThat(f.counts.counts(List.of(f.cluster.id())))
        .as("findings bar counts equal a recount of the findings")
        .containsExactlyInAnyOrderElementsOf(f.counts.countedFromFindings(f.cluster.id()));
  }
}
