package dev.kubeward.runtime.alert;

import static dev.kubeward.runtime.TestEvents.exec;
import static dev.kubeward.runtime.TestEvents.hit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.runtime.detection.DetectionHit;
import dev.kubeward.runtime.event.EntityType;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alerts: what a new one holds, how identical hits merge, and how status and risk change. */
class AlertTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void newAlertCarriesTheDetectionsTextAndTheEventsEntities() {
    Alert a = Alert.open(hit("proc-network-scanner", exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "-sS 10.0.0.0/8",
        T0)), "al-1");
    assertThat(a.id()).isEqualTo("al-1");
    assertThat(a.detectionId()).isEqualTo("proc-network-scanner");
    assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(a.risk()).isEqualTo(RiskLevel.MEDIUM);
    assertThat(a.status()).isEqualTo(AlertStatus.ACTIVE);
    assertThat(a.count()).isEqualTo(1);
    assertThat(a.firstSeen()).isEqualTo(T0);
    assertThat(a.entity(EntityType.WORKLOAD)).isEqualTo("shop/Deployment/web");
    assertThat(a.entity(EntityType.POD)).isEqualTo("shop/web-7d4b9c6f5d-x2x9z");
    assertThat(a.entity(EntityType.PROCESS)).isEqualTo("/usr/bin/nmap");
    assertThat(a.commandLine()).isEqualTo("/usr/bin/nmap -sS 10.0.0.0/8");
    assertThat(a.mitre().techniqueId()).isEqualTo("T1046");
    assertThat(a.recommendedSteps()).isNotEmpty();
    assertThat(a.evidence()).singleElement().satisfies(r -> assertThat(r.summary()).contains("nmap"));
  }

  @Test
  void hitsOnOtherPodsOfTheSameWorkloadDeduplicate() {
    DetectionHit first = hit("proc-network-scanner", exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0));
    DetectionHit second = hit("proc-network-scanner", exec("e2", "web-7d4b9c6f5d-q8r2t", "/usr/bin/nmap", "",
        T0.plusSeconds(60)));
    DetectionHit otherBinary = hit("proc-network-scanner", exec("e3", "web-7d4b9c6f5d-x2x9z", "/usr/bin/masscan", "",
        T0));
    assertThat(Alert.dedupKey(first)).isEqualTo(Alert.dedupKey(second)).isNotEqualTo(Alert.dedupKey(otherBinary));
    Alert merged = Alert.open(first, "al-1").withOccurrence(second);
    assertThat(merged.count()).isEqualTo(2);
    assertThat(merged.lastSeen()).isEqualTo(T0.plusSeconds(60));
    assertThat(merged.firstSeen()).isEqualTo(T0);
    assertThat(merged.evidence()).hasSize(2);
    assertThatThrownBy(() -> merged.withOccurrence(otherBinary)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void evidenceStaysBoundedKeepingTheFirstAndTheLatest() {
    Alert a = Alert.open(hit("proc-network-scanner", exec("e0", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0)), "al");
    for (int i = 1; i < 100; i++) {
      a = a.withOccurrence(hit("proc-network-scanner", exec("e" + i, "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "",
          T0.plusSeconds(i))));
    }
    assertThat(a.count()).isEqualTo(100);
    assertThat(a.evidence()).hasSize(Alert.MAX_EVIDENCE);
    assertThat(a.evidence().get(0).id()).isEqualTo("e0");
    assertThat(a.evidence().get(Alert.MAX_EVIDENCE - 1).id()).isEqualTo("e99");
  }

  @Test
  void statusChangesRecordWhoWhenAndWhy() {
    Alert a = Alert.open(hit("proc-network-scanner", exec("e0", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0)), "al");
    Alert b = a.withStatus(AlertStatus.IN_PROGRESS, "alice", "looking into it", T0.plusSeconds(5));
    assertThat(b.status()).isEqualTo(AlertStatus.IN_PROGRESS);
    assertThat(b.statusChangedBy()).isEqualTo("alice");
    assertThat(b.statusReason()).isEqualTo("looking into it");
    assertThat(b.statusChangedAt()).isEqualTo(T0.plusSeconds(5));
    assertThatThrownBy(() -> a.withStatus(AlertStatus.RESOLVED, " ", "x", T0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(AlertStatus.parse("in progress")).isEqualTo(AlertStatus.IN_PROGRESS);
    assertThatThrownBy(() -> AlertStatus.parse("closed")).hasMessageContaining("Active, In progress, Dismissed, Resolved");
  }

  @Test
  void riskCanBeAdjustedWithAReason() {
    Alert a = Alert.open(hit("proc-network-scanner", exec("e0", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0)), "al")
        .withRisk(RiskLevel.CRITICAL, "workload is exposed to the internet");
    assertThat(a.risk()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(a.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(AlertJson.toMap(a)).containsEntry("risk", "Critical").containsEntry("riskReason",
        "workload is exposed to the internet");
  }

  @Test
  void jsonShapeHasTheDocumentedFields() {
    Map<String, Object> m = AlertJson.toMap(Alert.open(hit("proc-network-scanner",
        exec("e0", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0)), "al"));
    assertThat(m).containsKeys("id", "detection", "title", "severity", "confidence", "risk", "status", "cluster",
        "firstSeen", "lastSeen", "count", "dedupKey", "entities", "evidence", "description", "recommendedSteps", "mitre");
    assertThat(AlertJson.write(m, false)).contains("\"severity\":\"Medium\"").contains("attack.mitre.org/techniques/T1046/");
  }
}
