package dev.kubeward.runtime.pipeline;

import static dev.kubeward.runtime.TestEvents.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.RiskLevel;
import dev.kubeward.model.Severity;
import dev.kubeward.runtime.Fixtures;
import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.alert.AlertStatus;
import dev.kubeward.runtime.alert.RiskAdjuster;
import dev.kubeward.runtime.detection.DetectionCatalog;
import dev.kubeward.runtime.detection.DetectionEngine;
import dev.kubeward.runtime.detection.DetectionSettings;
import dev.kubeward.runtime.event.EventEnricher;
import dev.kubeward.runtime.event.IngestLimits;
import dev.kubeward.runtime.event.RuntimeEvent;
import dev.kubeward.runtime.event.WorkloadRef;
import dev.kubeward.runtime.incident.IncidentGrouper;
import dev.kubeward.runtime.suppression.SuppressionRule;
import dev.kubeward.runtime.suppression.Suppressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Events to alerts end to end: deduplication rules, suppression, risk, enrichment and test alerts. */
class RuntimePipelineTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

  static RuntimePipeline pipeline(Suppressions suppressions, RiskAdjuster risk, EventEnricher enricher) {
    AtomicInteger n = new AtomicInteger();
    return new RuntimePipeline(enricher, DetectionEngine.builder(DetectionCatalog.builtIn()).build(),
        new AlertBook(() -> "al-" + n.incrementAndGet(), suppressions, risk), CLOCK);
  }

  @Test
  void repeatedHitsMergeUntilTheAlertIsResolved() {
    RuntimePipeline p = pipeline(Suppressions.NONE, null, null);
    List<AlertChange> first = p.accept(exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0));
    assertThat(first).extracting(AlertChange::change).contains(AlertChange.Change.CREATED);
    Alert scanner = first.stream().map(AlertChange::alert).filter(a -> a.detectionId().equals("proc-network-scanner"))
        .findFirst().orElseThrow();
    List<AlertChange> second = p.accept(exec("e2", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0.plusSeconds(5)));
    assertThat(second).filteredOn(c -> c.alert().id().equals(scanner.id())).singleElement()
        .satisfies(c -> {
          assertThat(c.change()).isEqualTo(AlertChange.Change.UPDATED);
          assertThat(c.alert().count()).isEqualTo(2);
        });
    // Dismissed alerts absorb repeats quietly; resolved ones give way to a new alert.
    p.alerts().changeStatus(List.of(scanner.id()), AlertStatus.DISMISSED, "alice", "pentest this week", T0);
    assertThat(p.accept(exec("e3", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0.plusSeconds(6))))
        .filteredOn(c -> c.alert().detectionId().equals("proc-network-scanner")).singleElement()
        .satisfies(c -> assertThat(c.alert().status()).isEqualTo(AlertStatus.DISMISSED));
    p.alerts().changeStatus(List.of(scanner.id()), AlertStatus.RESOLVED, "alice", "done", T0);
    AlertChange fresh = p.accept(exec("e4", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0.plusSeconds(7))).stream()
        .filter(c -> c.alert().detectionId().equals("proc-network-scanner")).findFirst().orElseThrow();
    assertThat(fresh.change()).isEqualTo(AlertChange.Change.CREATED);
    assertThat(fresh.alert().id()).isNotEqualTo(scanner.id());
  }

  @Test
  void bulkStatusChangeIsAllOrNothing() {
    RuntimePipeline p = pipeline(Suppressions.NONE, null, null);
    String id = p.accept(exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0)).get(0).alert().id();
    assertThatThrownBy(() -> p.alerts().changeStatus(List.of(id, "nope"), AlertStatus.RESOLVED, "bob", "x", T0))
        .hasMessageContaining("nope");
    assertThat(p.alerts().find(id)).get().extracting(Alert::status).isEqualTo(AlertStatus.ACTIVE);
  }

  @Test
  void newAlertsMatchingASuppressionRuleArriveDismissed() {
    Suppressions s = new Suppressions(List.of(new SuppressionRule("r1", "pentest", List.of("proc-network-scanner"), "",
        "shop", "", "", "", "nmap", "", "approved penetration test", "alice", T0.minusSeconds(60), T0.plusSeconds(86400))));
    RuntimePipeline p = pipeline(s, null, null);
    Alert a = p.accept(exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0)).stream().map(AlertChange::alert)
        .filter(x -> x.detectionId().equals("proc-network-scanner")).findFirst().orElseThrow();
    assertThat(a.status()).isEqualTo(AlertStatus.DISMISSED);
    assertThat(a.suppressedBy()).isEqualTo("r1");
  }

  @Test
  void riskAdjusterAndEnricherAreApplied() {
    RiskAdjuster exposed = alert -> Optional.of(new RiskAdjuster.Assessment(RiskLevel.CRITICAL, "internet-facing"));
    EventEnricher inventory = e -> e.withWorkload(new WorkloadRef("StatefulSet", "web-real"), Map.of("tier", "front"));
    RuntimePipeline p = pipeline(Suppressions.NONE, exposed, inventory);
    Alert a = p.accept(exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0)).get(0).alert();
    assertThat(a.risk()).isEqualTo(RiskLevel.CRITICAL);
    assertThat(a.riskReason()).isEqualTo("internet-facing");
    assertThat(a.entities()).anyMatch(e -> e.value().equals("shop/StatefulSet/web-real"));
  }

  @Test
  void testAlertTravelsThePipelineAndIsClearlyLabelled() {
    RuntimePipeline p = pipeline(Suppressions.NONE, null, null);
    Alert a = p.testAlert("prod", "alice", "req-1");
    assertThat(a.test()).isTrue();
    assertThat(a.title()).startsWith("[TEST]");
    assertThat(a.severity()).isEqualTo(Severity.INFORMATIONAL);
    assertThat(a.cluster()).isEqualTo("prod");
    assertThat(a.evidence().get(0).summary()).contains("requested by alice");
    assertThat(p.testAlert("prod", "alice", "req-2").id()).as("each request gives its own alert").isNotEqualTo(a.id());

    RuntimePipeline off = new RuntimePipeline(null, DetectionEngine.builder(DetectionCatalog.builtIn())
        .settings(new DetectionSettings(Set.of(TestAlerts.DETECTION_ID), Map.of())).build(),
        new AlertBook(() -> "x", null, null), CLOCK);
    assertThatThrownBy(() -> off.testAlert("prod", "alice", "req-3")).hasMessageContaining("turned off");
  }

  @Test
  void replayOfTheSharedTetragonAttackExamplesRaisesTheExpectedAlerts() throws Exception {
    Path dir = Fixtures.sharedData("runtime/tetragon/docs/security-observability-with-ebpf/03_chapter");
    List<RuntimeEvent> events = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
        Fixtures.FORMATS.readFile(f, "tetragon", Fixtures.context(f.getFileName().toString()), IngestLimits.DEFAULT,
            events::add);
      }
    }
    events.sort((a, b) -> a.time().compareTo(b.time()));
    RuntimePipeline p = pipeline(Suppressions.NONE, null, null);
    events.forEach(p::accept);
    List<String> detections = p.alerts().alerts().stream().map(Alert::detectionId).distinct().toList();
    assertThat(detections).contains("proc-nsenter-host", "file-account-files-modified");
    assertThat(IncidentGrouper.defaults().group(p.alerts().alerts())).isNotNull();
  }
}
