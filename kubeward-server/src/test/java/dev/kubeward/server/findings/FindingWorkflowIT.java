package dev.kubeward.server.findings;

import static dev.kubeward.server.findings.FindingsFixture.CONTRIBUTOR;
import static dev.kubeward.server.findings.FindingsFixture.READER;
import static dev.kubeward.server.findings.FindingsFixture.SECURITY_ADMIN;
import static dev.kubeward.server.findings.FindingsFixture.alert;
import static dev.kubeward.server.findings.FindingsFixture.misconfig;
import static dev.kubeward.server.findings.FindingIngestIT.assertCountsMatchFindings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.api.Page;
import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.findings.FindingService.ItemResult;
import dev.kubeward.server.findings.FindingService.Outcome;
import dev.kubeward.server.settings.SettingsScope;
import dev.kubeward.server.testing.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Owners, due dates, statuses, roles, history, overdue, lists and the findings bar on H2 and PostgreSQL. */
class FindingWorkflowIT {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void rolesDecideWhoMayAssignAndChangeStatusAndEveryChangeIsInTheHistory(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      f.report(FindingKind.MISCONFIGURATION, "posture", misconfig("KW-001", "shop", "checkout", Severity.HIGH));
      f.ingest.report(FindingReport.incremental(f.cluster.id(), FindingKind.ALERT, "runtime"),
          List.of(alert("shell-in-container", "web-1", Severity.HIGH)));
      long rec = f.byRule("KW-001").id();
      long alert = f.byRule("shell-in-container").id();

      // A reader may change nothing.
      assertThat(f.findings.assign(READER, List.of(rec), "ana@example.com", null, ""))
          .extracting(ItemResult::outcome).containsExactly(Outcome.FORBIDDEN);
      assertThat(f.findings.changeStatus(READER, List.of(rec), FindingStatus.IN_PROGRESS, ""))
          .extracting(ItemResult::outcome).containsExactly(Outcome.FORBIDDEN);

      // The workspace shortens the grace period for High findings: the default due date follows it.
      f.settings.patch(SettingsScope.workspace(f.workspace.id()), Map.of(FindingSettings.dueDaysKey(Severity.HIGH), 10),
          "admin");
      assertThat(f.findings.assign(CONTRIBUTOR, List.of(rec), "Ana@Example.com", null, "please fix"))
          .extracting(ItemResult::outcome).containsExactly(Outcome.CHANGED);
      Finding assigned = f.dao.find(rec).orElseThrow();
      assertThat(assigned.owner()).isEqualTo("ana@example.com");
      assertThat(assigned.dueDate()).isEqualTo(LocalDate.parse("2026-03-12"));

      // A contributor changes recommendations but not alerts; a security admin changes alerts.
      assertThat(f.findings.changeStatus(CONTRIBUTOR, List.of(rec, alert), FindingStatus.IN_PROGRESS, "on it"))
          .extracting(ItemResult::id, ItemResult::outcome)
          .containsExactly(tuple(rec, Outcome.CHANGED), tuple(alert, Outcome.FORBIDDEN));
      assertThat(f.findings.changeStatus(SECURITY_ADMIN, List.of(alert), FindingStatus.DISMISSED, "expected admin shell"))
          .extracting(ItemResult::outcome).containsExactly(Outcome.CHANGED);
      // Statuses of the other kind, and Exempted, cannot be set directly.
      assertThat(f.findings.changeStatus(SECURITY_ADMIN, List.of(rec, alert), FindingStatus.OPEN, ""))
          .extracting(ItemResult::outcome).containsExactly(Outcome.CHANGED, Outcome.INVALID);
      assertThat(f.findings.changeStatus(SECURITY_ADMIN, List.of(rec), FindingStatus.EXEMPTED, ""))
          .singleElement().satisfies(r -> assertThat(r.message()).contains("add an exception"));
      assertThat(f.findings.changeStatus(CONTRIBUTOR, List.of(999_999L), FindingStatus.OPEN, ""))
          .extracting(ItemResult::outcome).containsExactly(Outcome.NOT_FOUND);

      assertThat(f.dao.history(rec)).extracting(FindingChange::actor, FindingChange::field, FindingChange::oldValue,
          FindingChange::newValue, FindingChange::comment).containsExactly(
              tuple("carl", "owner", null, "ana@example.com", "please fix"),
              tuple("carl", "dueDate", null, "2026-03-12", "please fix"),
              tuple("carl", "status", "open", "inProgress", "on it"),
              tuple("sam", "status", "inProgress", "open", ""));
      assertThat(f.dao.history(alert)).extracting(FindingChange::newValue).containsExactly("dismissed");
      assertCountsMatchFindings(f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void overdueFindingsAreFlaggedFilteredAndCountedInTheBar(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      f.report(FindingKind.MISCONFIGURATION, "posture", misconfig("KW-001", "shop", "a", Severity.CRITICAL),
          misconfig("KW-002", "shop", "b", Severity.LOW), misconfig("KW-003", "shop", "c", Severity.HIGH));
      long critical = f.byRule("KW-001").id();
      long low = f.byRule("KW-002").id();
      f.findings.assign(CONTRIBUTOR, List.of(critical, low), "ana@example.com", null, "");
      f.findings.setDueDate(CONTRIBUTOR, List.of(low), LocalDate.parse("2026-03-05"), "sooner");

      f.clock.advance(Duration.ofDays(8)); // critical: due after 7 days; low: due 2026-03-05
      FindingFilter overdue = FindingFilter.all().withOverdue(true);
      assertThat(f.list(overdue)).extracting(Finding::id).containsExactlyInAnyOrder(critical, low);
      assertThat(f.list(FindingFilter.all().withOverdue(false))).extracting(Finding::ruleId).containsExactly("KW-003");
      assertThat(f.dao.find(low).orElseThrow().overdue(f.findings.today())).isTrue();

      FindingsBar bar = FindingsBar.of(f.counts.counts(List.of(f.cluster.id())),
          f.counts.overdue(List.of(f.cluster.id()), f.findings.today()));
      FindingsBar.KindBar mis = bar.kinds().stream().filter(k -> k.kind() == FindingKind.MISCONFIGURATION).findFirst()
          .orElseThrow();
      assertThat(mis.overdue()).isEqualTo(2);
      assertThat(mis.open()).isEqualTo(3);
      assertThat(mis.headline().text()).isEqualTo("1 Critical misconfiguration");

      // Resolved findings are no longer overdue.
      f.findings.changeStatus(CONTRIBUTOR, List.of(low), FindingStatus.RESOLVED, "fixed");
      assertThat(f.list(overdue)).extracting(Finding::id).containsExactly(critical);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void listsFilterSortAndPageThroughEveryFindingExactlyOnce(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db);
      List<ReportedFinding> many = new ArrayList<>();
      for (int i = 0; i < 57; i++) {
        many.add(misconfig("KW-00" + (i % 5), "ns-" + (i % 3), "app-" + i, Severity.values()[i % 5]));
      }
      f.ingest.report(FindingReport.full(f.cluster.id(), FindingKind.MISCONFIGURATION, "posture"), many);
      for (String sort : List.of("severity", "-severity", "title", "dueDate", "-firstSeen")) {
        List<Finding> seen = new ArrayList<>();
        String cursor = null;
        do {
          PageRequest req = PageRequest.of(10, cursor, sort, FindingSql.SORTABLE);
          Page<Finding> page = Page.of(f.dao.page(List.of(f.cluster.id()), FindingFilter.all(), f.findings.today(), req),
              req, x -> FindingSql.sortValue(req.sort(), x), x -> String.valueOf(x.id()));
          seen.addAll(page.items());
          cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen).as(sort).hasSize(57).extracting(Finding::id).doesNotHaveDuplicates();
        if (sort.equals("severity")) {
          assertThat(seen).extracting(x -> x.severity().ordinal()).isSorted();
        }
      }
      assertThat(f.list(FindingFilter.all().withNamespace("ns-1").withSeverities(Set.of(Severity.CRITICAL))))
          .allSatisfy(x -> assertThat(x.namespace()).isEqualTo("ns-1"))
          .allSatisfy(x -> assertThat(x.severity()).isEqualTo(Severity.CRITICAL))
          .hasSize(4);
      assertThat(f.list(FindingFilter.all().withRule("KW-003"))).hasSize(11);
      assertThat(f.list(FindingFilter.ofKind(FindingKind.ALERT))).isEmpty();

      // Bulk selections are bounded.
      assertThatThrownBy(() -> f.findings.resolve(FindingService.Selection.ofIds(
          LongStream.rangeClosed(1, FindingService.MAX_BULK + 1).boxed().toList())))
          .isInstanceOf(ApiException.class).hasMessageContaining("at most 10000 ids");
      assertThat(f.findings.resolve(FindingService.Selection.ofFilter(List.of(f.cluster.id()),
          FindingFilter.all().withRule("KW-003")))).hasSize(11);
    }
  }
}
