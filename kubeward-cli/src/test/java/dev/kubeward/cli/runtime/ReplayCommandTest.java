package dev.kubeward.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.KubewardCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubeward runtime replay}: output formats, --fail-on, and input errors as one-line messages. */
class ReplayCommandTest {
  static final String EXEC = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"a1\","
      + "\"stage\":\"ResponseComplete\",\"verb\":\"create\",\"requestURI\":\"/api/v1/namespaces/shop/pods/"
      + "web-7d4b9c6f5d-x2x9z/exec?command=sh&container=web\",\"user\":{\"username\":\"alice\"},"
      + "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"shop\",\"name\":\"web-7d4b9c6f5d-x2x9z\","
      + "\"subresource\":\"exec\"},\"responseStatus\":{\"code\":101},\"stageTimestamp\":\"2024-05-01T10:00:00Z\"}";
  static final String PRIVILEGED = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"a2\","
      + "\"stage\":\"ResponseComplete\",\"verb\":\"create\",\"user\":{\"username\":\"alice\"},"
      + "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"shop\",\"name\":\"root\"},\"responseStatus\":{\"code\":201},"
      + "\"requestObject\":{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"x\",\"image\":\"busybox\","
      + "\"securityContext\":{\"privileged\":true}}]}},\"stageTimestamp\":\"2024-05-01T10:00:05Z\"}";

  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return KubewardCli.execute(args, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void tableListsTheAlertsOfAnAuditLog() throws Exception {
    Path log = dir.resolve("audit.log");
    Files.writeString(log, EXEC + "\n" + PRIVILEGED + "\n");
    assertThat(run("runtime", "replay", log.toString(), "--quiet")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("SEVERITY").contains("k8s-privileged-pod").contains("k8s-pod-exec")
        .contains("shop/Deployment/web").contains("2 alerts from 2 events");
    // High before Medium.
    assertThat(out.toString().indexOf("k8s-privileged-pod")).isLessThan(out.toString().indexOf("k8s-pod-exec"));
  }

  @Test
  void jsonCarriesAlertsIncidentsAndWhatWasNotEvaluated() throws Exception {
    Path log = dir.resolve("audit.log");
    Files.writeString(log, EXEC + "\n");
    assertThat(run("runtime", "replay", log.toString(), "--format", "json", "--cluster", "prod")).isEqualTo(0);
    assertThat(out.toString()).contains("\"events\" : 1").contains("\"detection\" : \"k8s-pod-exec\"")
        .contains("\"cluster\" : \"prod\"").contains("\"incidents\"").contains("k8s-node-not-allowed");
  }

  @Test
  void failOnGivesExitCodeOne() throws Exception {
    Path log = dir.resolve("audit.log");
    Files.writeString(log, EXEC + "\n" + PRIVILEGED + "\n");
    assertThat(run("runtime", "replay", log.toString(), "--fail-on", "High", "--quiet")).isEqualTo(ExitCodes.FINDINGS);
    Path onlyExec = dir.resolve("exec.log");
    Files.writeString(onlyExec, EXEC + "\n");
    assertThat(run("runtime", "replay", onlyExec.toString(), "--fail-on", "high", "--quiet")).isEqualTo(ExitCodes.OK);
  }

  @Test
  void brokenInputIsAUsageErrorNamingTheFileAndLine() throws Exception {
    Path log = dir.resolve("broken.log");
    Files.writeString(log, EXEC + "\n{\"auditID\":\"x\",\"verb\":\"get\",\"stage\":\"ResponseComplete\",\n");
    assertThat(run("runtime", "replay", log.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("broken.log").contains("line 2");
    assertThat(run("runtime", "replay", dir.resolve("missing.log").toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(run("runtime", "replay", log.toString(), "--event-format", "sysdig")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("runtime", "replay", log.toString(), "--fail-on", "scary")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown event format 'sysdig'").contains("unknown severity 'scary'");
  }

  @Test
  void ownDetectionsLoadFromADirectory() throws Exception {
    Path det = Files.createDirectories(dir.resolve("detections"));
    Files.writeString(det.resolve("alice-anything.yaml"), """
        id: alice-anything
        title: Alice did something
        severity: Informational
        confidence: Low
        mitre: {tacticId: TA0007, tactic: Discovery, techniqueId: T1613, technique: Container and Resource Discovery}
        description: Alice is on holiday, so any request of hers is odd.
        response: [Call Alice.]
        on: {kinds: [api-request]}
        condition: event.user.name == 'alice'
        """);
    Path log = dir.resolve("audit.log");
    Files.writeString(log, EXEC + "\n");
    assertThat(run("runtime", "replay", log.toString(), "--detections", det.toString(), "--quiet")).isEqualTo(0);
    assertThat(out.toString()).contains("alice-anything");
    Files.writeString(det.resolve("broken.yaml"), "id: broken\n");
    assertThat(run("runtime", "replay", log.toString(), "--detections", det.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("broken.yaml");
  }
}
