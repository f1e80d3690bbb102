package dev.kubeward.runtime.incident;

import static dev.kubeward.runtime.TestEvents.alert;
import static dev.kubeward.runtime.TestEvents.connect;
import static dev.kubeward.runtime.TestEvents.exec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.Severity;
import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.event.EntityType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Incidents: alerts sharing entities within the window group together; the rest stay alone. */
class IncidentGrouperTest {
  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void alertsOnOneWorkloadWithinTheWindowFormOneIncident() {
    Alert firstSeen = alert("a1", "proc-network-scanner", exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0));
    Alert miner = alert("a2", "proc-crypto-miner",
        exec("e2", "web-7d4b9c6f5d-q8r2t", "/tmp/xmrig", "-o stratum+tcp://x:3333", T0.plusSeconds(1200)));
    Alert metadata = alert("a3", "net-cloud-metadata-access",
        connect("e3", "web-7d4b9c6f5d-x2x9z", "169.254.169.254", 80, T0.plusSeconds(1800)));
    Alert elsewhere = alert("a4", "proc-network-scanner", exec("e4", "api-6c9f8d7b5f-k2m4n", "/usr/bin/nmap", "", T0));
    Alert muchLater = alert("a5", "proc-crypto-miner",
        exec("e5", "web-7d4b9c6f5d-x2x9z", "/tmp/xmrig", "", T0.plusSeconds(6 * 3600)));

    List<Incident> incidents = IncidentGrouper.defaults().group(List.of(muchLater, metadata, elsewhere, miner, firstSeen));
    assertThat(incidents).singleElement().satisfies(i -> {
      assertThat(i.alertIds()).containsExactly("a1", "a2", "a3");
      assertThat(i.severity()).isEqualTo(Severity.HIGH);
      assertThat(i.title()).isEqualTo("3 alerts on workload shop/Deployment/web");
      assertThat(i.sharedEntities()).anyMatch(e -> e.type() == EntityType.WORKLOAD);
      assertThat(i.firstSeen()).isEqualTo(T0);
    });
  }

  @Test
  void groupingIsDeterministic() {
    Alert a = alert("a1", "proc-network-scanner", exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0));
    Alert b = alert("a2", "proc-crypto-miner", exec("e2", "web-7d4b9c6f5d-x2x9z", "/tmp/xmrig", "", T0.plusSeconds(5)));
    assertThat(IncidentGrouper.defaults().group(List.of(a, b))).isEqualTo(IncidentGrouper.defaults().group(List.of(b, a)));
  }

  @Test
  void commonUsersLikeRootLinkNothing() {
    Alert a = alert("a1", "proc-network-scanner", exec("e1", "web-7d4b9c6f5d-x2x9z", "/usr/bin/nmap", "", T0));
    Alert b = alert("a2", "proc-network-scanner", exec("e2", "api-6c9f8d7b5f-k2m4n", "/usr/bin/nmap", "", T0));
    assertThat(a.entity(EntityType.USER)).isEqualTo("root");
    assertThat(IncidentGrouper.defaults().group(List.of(a, b))).isEmpty();
  }
}
