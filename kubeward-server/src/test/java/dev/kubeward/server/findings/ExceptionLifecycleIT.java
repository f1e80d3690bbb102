package dev.kubeward.server.findings;

import static dev.kubeward.server.findings.FindingsFixture.CONTRIBUTOR;
import static dev.kubeward.server.findings.FindingsFixture.READER;
import static dev.kubeward.server.findings.FindingsFixture.misconfig;
import static dev.kubeward.server.findings.FindingsFixture.vulnerability;
import static dev.kubeward.server.findings.FindingIngestIT.assertCountsMatchFindings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.findings.exceptions.ExceptionReason;
import dev.kubeward.server.findings.exceptions.ExceptionService;
import dev.kubeward.server.findings.exceptions.FindingException;
import dev.kubeward.server.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Exceptions exempt findings (counted apart, never hidden), cover new ones, and expire or get revoked. */
class ExceptionLifecycleIT {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void anExceptionExemptsMatchingFindingsAndTheyReopenWhenItExpires(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      f.report(FindingKind.VULNERABILITY, "advisories",
          vulnerability("CVE-2024-0001", "openssl", "sha256:aaa", Severity.CRITICAL, RiskLevel.HIGH),
          vulnerability("CVE-2024-0002", "zlib", "sha256:aaa", Severity.MEDIUM, null));
      Instant expiry = f.clock.instant().plus(Duration.ofDays(30));

      assertThatThrownBy(() -> f.exceptions.create(READER, scope(f, "CVE-2024-0001"), List.of(),
          ExceptionReason.CODE_NOT_REACHABLE, "not loaded", expiry))
          .isInstanceOf(ApiException.class).hasMessageContaining("contributor");
      ExceptionService.Created created = f.exceptions.create(CONTRIBUTOR, scope(f, "CVE-2024-0001"), List.of(),
          ExceptionReason.CODE_NOT_REACHABLE, "the TLS code path is never loaded by checkout", expiry);
      assertThat(created.exempted()).isEqualTo(1);
      Finding exempted = f.byRule("CVE-2024-0001");
      assertThat(exempted.status()).isEqualTo(FindingStatus.EXEMPTED);
      assertThat(exempted.exceptionId()).isEqualTo(created.exception().id());
      assertThat(created.exception().reason().vexJustification()).isEqualTo("vulnerable_code_not_in_execute_path");

      // Still listed, and counted apart from the open ones.
      assertThat(f.list(FindingFilter.ofKind(FindingKind.VULNERABILITY))).hasSize(2);
      FindingsBar.KindBar vulns = bar(f, FindingKind.VULNERABILITY);
      assertThat(vulns.open()).isEqualTo(1);
      assertThat(vulns.exempted()).isEqualTo(1);
      assertThat(vulns.exemptedBySeverity().get(Severity.CRITICAL)).isEqualTo(1);
      assertThat(vulns.headline().text()).isEqualTo("1 Medium vulnerable component");

      // The same CVE in a new image is covered as it arrives.
      f.report(FindingKind.VULNERABILITY, "advisories",
          vulnerability("CVE-2024-0001", "openssl", "sha256:aaa", Severity.CRITICAL, RiskLevel.HIGH),
          vulnerability("CVE-2024-0002", "zlib", "sha256:aaa", Severity.MEDIUM, null),
          vulnerability("CVE-2024-0001", "openssl", "sha256:bbb", Severity.CRITICAL, RiskLevel.CRITICAL));
      assertThat(f.list(FindingFilter.all().withRule("CVE-2024-0001"))).extracting(Finding::status)
          .containsOnly(FindingStatus.EXEMPTED).hasSize(2);
      assertCountsMatchFindings(f);

      // Nothing happens before the expiry; after it, the findings reopen with the reason in their history.
      f.clock.advance(Duration.ofDays(29));
      assertThat(f.exceptions.expireDue()).isZero();
      f.clock.advance(Duration.ofDays(2));
      assertThat(f.exceptions.expireDue()).isEqualTo(1);
      assertThat(f.list(FindingFilter.all().withRule("CVE-2024-0001"))).extracting(Finding::status, Finding::exceptionId)
          .containsOnly(org.assertj.core.groups.Tuple.tuple(FindingStatus.OPEN, null));
      assertThat(f.dao.history(exempted.id())).last().satisfies(c -> {
        assertThat(c.field()).isIn("status", "exception");
        assertThat(c.comment()).startsWith("exception " + created.exception().id() + " expired");
      });
      assertThat(f.dao.history(exempted.id())).extracting(FindingChange::field, FindingChange::newValue)
          .contains(org.assertj.core.groups.Tuple.tuple("status", "exempted"),
              org.assertj.core.groups.Tuple.tuple("status", "open"));
      FindingException ended = f.exceptions.get(CONTRIBUTOR, created.exception().id());
      assertThat(ended.endedReason()).isEqualTo("expired");
      assertThat(bar(f, FindingKind.VULNERABILITY).exempted()).isZero();
      assertCountsMatchFindings(f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void aPinnedExceptionCoversItsFindingsEvenWhenTheyComeBackUntilRevoked(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      f.report(FindingKind.MISCONFIGURATION, "posture", misconfig("KW-001", "shop", "a", Severity.HIGH),
          misconfig("KW-001", "shop", "b", Severity.HIGH));
      long a = f.list(FindingFilter.all()).stream().filter(x -> x.resourceName().equals("a")).findFirst().orElseThrow().id();
      ExceptionService.Created c = f.exceptions.create(CONTRIBUTOR, null, List.of(a), ExceptionReason.ACCEPTED_RISK,
          "legacy app, replaced in Q3", null);
      assertThat(c.exception().pinned()).isTrue();
      assertThat(f.dao.find(a).orElseThrow().status()).isEqualTo(FindingStatus.EXEMPTED);

      // Gone and back: still exempted by the same exception.
      f.report(FindingKind.MISCONFIGURATION, "posture", misconfig("KW-001", "shop", "b", Severity.HIGH));
      assertThat(f.dao.find(a).orElseThrow().status()).isEqualTo(FindingStatus.RESOLVED);
      f.report(FindingKind.MISCONFIGURATION, "posture", misconfig("KW-001", "shop", "a", Severity.HIGH),
          misconfig("KW-001", "shop", "b", Severity.HIGH));
      assertThat(f.dao.find(a).orElseThrow().status()).isEqualTo(FindingStatus.EXEMPTED);

      f.exceptions.revoke(CONTRIBUTOR, c.exception().id());
      assertThat(f.dao.find(a).orElseThrow().status()).isEqualTo(FindingStatus.OPEN);
      assertThatThrownBy(() -> f.exceptions.revoke(CONTRIBUTOR, c.exception().id()))
          .hasMessageContaining("already ended");
      assertCountsMatchFindings(f);

      assertThatThrownBy(() -> f.exceptions.create(CONTRIBUTOR, new ExceptionService.Scope(f.workspace.id(), null, null,
          null, null, null, null, null), List.of(), ExceptionReason.ACCEPTED_RISK, "everything", null))
          .hasMessageContaining("needs a scope");
      assertThatThrownBy(() -> f.exceptions.create(CONTRIBUTOR, scope(f, "KW-001"), List.of(),
          ExceptionReason.ACCEPTED_RISK, " ", null)).hasMessageContaining("justification");
      assertThatThrownBy(() -> f.exceptions.create(CONTRIBUTOR, scope(f, "KW-001"), List.of(),
          ExceptionReason.ACCEPTED_RISK, "x", f.clock.instant().minusSeconds(1))).hasMessageContaining("future");
    }
  }

  private static ExceptionService.Scope scope(FindingsFixture f, String rule) {
    return new ExceptionService.Scope(null, f.cluster.id(), null, null, null, null, null, rule);
  }

  private static FindingsBar.KindBar bar(FindingsFixture f, FindingKind kind) {
    return FindingsBar.of(f.counts.counts(List.of(f.cluster.id())), java.util.Map.of()).kinds().stream()
        .filter(k -> k.kind() == kind).findFirst().orElseThrow();
  }
}
