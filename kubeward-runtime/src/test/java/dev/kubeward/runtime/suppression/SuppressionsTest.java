package dev.kubeward.runtime.suppression;

import static dev.kubeward.runtime.TestEvents.alert;
import static dev.kubeward.runtime.TestEvents.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.alert.AlertStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suppression rules: what they match, what expiry does, and applying a rule to existing alerts. */
class SuppressionsTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  static final Alert TAR = alert("al-1", "proc-archive-collection",
      exec("e1", "backup-6c9f8d7b5f-k2m4n", "/bin/tar", "czf /backup/etc.tgz /etc", T0));
  static final Alert NMAP = alert("al-2", "proc-network-scanner",
      exec("e2", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "-sn 10.0.0.0/24", T0));

  static SuppressionRule rule(String workload, String commandLine, Instant expires) {
    return new SuppressionRule("r1", "nightly backup", List.of("proc-archive-*"), "prod", "shop", workload, "",
        "", "tar", commandLine, "the backup job archives /etc every night", "alice", T0.minusSeconds(3600), expires);
  }

  @Test
  void matchingNewAlertIsCreatedDismissedNamingTheRule() {
    Suppressions s = new Suppressions(List.of(rule("backup", "*/etc*", null)));
    Alert suppressed = s.applyToNew(TAR, T0);
    assertThat(suppressed.status()).isEqualTo(AlertStatus.DISMISSED);
    assertThat(suppressed.suppressedBy()).isEqualTo("r1");
    assertThat(suppressed.statusChangedBy()).isEqualTo("suppression:r1");
    assertThat(suppressed.statusReason()).contains("nightly backup").contains("archives /etc");
    assertThat(s.applyToNew(NMAP, T0).status()).isEqualTo(AlertStatus.ACTIVE);
  }

  @Test
  void everyCriterionMustMatch() {
    assertThat(rule("shop/Deployment/backup", "", null).matches(TAR, T0)).isTrue();
    assertThat(rule("api", "", null).matches(TAR, T0)).isFalse();
    assertThat(rule("backup", "*/home*", null).matches(TAR, T0)).isFalse();
    SuppressionRule otherCluster = new SuppressionRule("r2", "", List.of(), "staging", "", "", "", "", "", "", "why",
        "bob", T0, null);
    assertThat(otherCluster.matches(TAR, T0)).isFalse();
  }

  @Test
  void expiredRuleStopsMatchingAndSaysSo() {
    Suppressions s = new Suppressions(List.of(rule("backup", "", T0.minusSeconds(1))));
    assertThat(s.evaluate(TAR, T0).suppressed()).isFalse();
    assertThat(s.evaluate(TAR, T0).notes()).singleElement().asString().contains("nightly backup")
        .contains("expired on " + T0.minusSeconds(1));
    assertThat(s.applyToNew(TAR, T0).status()).isEqualTo(AlertStatus.ACTIVE);
    assertThat(rule("backup", "", T0.plusSeconds(60)).describeState(T0)).startsWith("active until");
  }

  @Test
  void applyingARuleToExistingAlertsDismissesOnlyOpenMatches() {
    Alert dismissedAlready = TAR.withStatus(AlertStatus.RESOLVED, "bob", "done", T0);
    Alert tarInProgress = alert("al-3", "proc-archive-collection",
        exec("e3", "backup-6c9f8d7b5f-k2m4n", "/bin/tar", "czf /backup/home.tgz /etc/ssl", T0))
        .withStatus(AlertStatus.IN_PROGRESS, "bob", "checking", T0);
    List<Alert> changed = Suppressions.applyToExisting(rule("backup", "", null),
        List.of(TAR, NMAP, dismissedAlready, tarInProgress), T0);
    assertThat(changed).extracting(Alert::id).containsExactly("al-1", "al-3");
    assertThat(changed).allMatch(a -> a.status() == AlertStatus.DISMISSED && a.suppressedBy().equals("r1"));
    assertThatThrownBy(() -> Suppressions.applyToExisting(rule("backup", "", T0), List.of(TAR), T0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("expired");
  }

  @Test
  void rulesMustBeExplainedAndNarrow() {
    assertThatThrownBy(() -> new SuppressionRule("r", "", List.of(), "", "", "", "", "", "tar", "", " ", "alice", T0,
        null)).hasMessageContaining("reason");
    assertThatThrownBy(() -> new SuppressionRule("r", "", List.of(), "", "", "", "", "", "", "", "why", "alice", T0,
        null)).hasMessageContaining("every alert");
    assertThatThrownBy(() -> new SuppressionRule("r", "", List.of(), "", "", "", "", "", "tar", "", "why", "alice", T0,
        T0)).hasMessageContaining("expire after");
  }
}
