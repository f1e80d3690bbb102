package dev.kubeward.runtime.event.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.runtime.event.WorkloadRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  @Test
  void ownersAreGuessedFromPodNamesAndLabels() {
    assertThat(Workloads.guess("elasticsearch-56f8fc6988-pb8c7", Map.of())).isEqualTo(new WorkloadRef("Deployment", "elasticsearch"));
    assertThat(Workloads.guess("web-x", Map.of("pod-template-hash", "abc"))).isEqualTo(new WorkloadRef("Pod", "web-x"));
    assertThat(Workloads.guess("api-7d4b9c-zz", Map.of("pod-template-hash", "7d4b9c"))).isEqualTo(new WorkloadRef("Deployment", "api"));
    assertThat(Workloads.guess("postgres-0", Map.of())).isEqualTo(new WorkloadRef("StatefulSet", "postgres"));
    assertThat(Workloads.guess("fluent-bit-x7k2p", Map.of("controller-revision-hash", "5b6c"))).isEqualTo(new WorkloadRef("DaemonSet", "fluent-bit"));
    assertThat(Workloads.guess("report-28571234-abcde", Map.of("job-name", "report-28571234"))).isEqualTo(new WorkloadRef("CronJob", "report"));
    assertThat(Workloads.guess("privileged-pod", Map.of())).isEqualTo(new WorkloadRef("Pod", "privileged-pod"));
    assertThat(Workloads.guess("", Map.of())).isEqualTo(WorkloadRef.NONE);
  }
}
