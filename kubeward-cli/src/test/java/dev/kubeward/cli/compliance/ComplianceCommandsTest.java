package dev.kubeward.cli.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.cli.KubewardCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code standards list|show} and {@code scan manifests --standard} as a user runs them. */
class ComplianceCommandsTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  @Test
  void staticPodManifestsOfAControlPlaneNodeDecideTheCisFlagControls() throws Exception {
    // a kubeadm control-plane node's /etc/kubernetes/manifests: an API server that leaves --profiling at its default
    String apiServer = dev.kubeward.model.ClasspathFolder.read(
        dev.kubeward.compliance.components.ComponentChecks.FIXTURES, getClass().getClassLoader())
        .get("KW-CP-015/fail.yaml");
    Path manifests = java.nio.file.Files.createDirectories(dir.resolve("manifests"));
    java.nio.file.Files.writeString(manifests.resolve("kube-apiserver.yaml"), apiServer);
    Run json = run("scan", "manifests", manifests.toString(), "--standard", "cis-kubernetes", "--format", "json");
    JsonNode cis = new ObjectMapper().readTree(json.out()).at("/compliance/0");
    java.util.Map<String, JsonNode> byId = new java.util.HashMap<>();
    cis.get("controls").forEach(c -> byId.put(c.get("id").asText(), c));
    assertThat(byId.get("1.2.15").get("status").asText()).isEqualTo("failed");
    assertThat(byId.get("1.2.1").get("status").asText()).isEqualTo("passed");
    assertThat(byId.get("2.2").path("notEvaluated").path("detail").asText()).contains("no static etcd pod visible");
    assertThat(byId.get("4.2.1").path("notEvaluated").path("detail").asText()).contains("not from manifests");
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = KubewardCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  static final String PRIVILEGED = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: app
              image: nginx:1.27
              securityContext: {privileged: true}
      """;

  @Test
  void standardsListAndShow() throws Exception {
    Run list = run("standards", "list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("pss-baseline", "pss-restricted", "cis-kubernetes", "nsa-cisa",
        "mitre-attack-containers");
    JsonNode json = new ObjectMapper().readTree(run("standards", "list", "--format", "json").out());
    assertThat(json.get("standards")).hasSize(5);

    Run show = run("standards", "show", "pss-baseline");
    assertThat(show.out()).contains("privileged-containers", "rules: KW-PSS-001", "host-probes-lifecycle-hooks");
    Run cis = run("standards", "show", "cis-kubernetes");
    assertThat(cis.out()).contains("1.2.1", "manual", "audit: On every control-plane node");
    JsonNode showJson = new ObjectMapper().readTree(run("standards", "show", "nsa-cisa", "--format", "json").out());
    assertThat(showJson.get("controls").size()).isGreaterThan(20);

    Run unknown = run("standards", "show", "iso-27001");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown standard 'iso-27001'; known: cis-kubernetes");
  }

  @Test
  void customStandardsFolderIsValidated() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("standards"));
    Files.writeString(folder.resolve("team.yaml"),
        "id: team\nname: Team\ncontrols: [{id: a, title: A, rules: [KW-NOPE-001]}]\n");
    Run bad = run("standards", "list", "--standards", folder.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("invalid standards:", "rule 'KW-NOPE-001' does not exist");
    Files.writeString(folder.resolve("team.yaml"),
        "id: team\nname: Team\ncontrols: [{id: a, title: A, rules: [KW-PSS-001]}]\n");
    assertThat(run("standards", "list", "--standards", folder.toString()).out()).contains("Team (custom)");
  }

  @Test
  void scanManifestsWithAStandardPrintsControlsNextToTheFindings() throws Exception {
    Path file = Files.writeString(dir.resolve("app.yaml"), PRIVILEGED);
    Run table = run("scan", "manifests", file.toString(), "--standard", "pss-baseline");
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out()).contains("KW-PSS-001", "Compliance: pss-baseline", "KW-PSS-001 Deployment/shop/web [app]",
        "host-namespaces", "passed");
    assertThat(table.out()).containsPattern("privileged-containers +failed +High +Privileged Containers");
    assertThat(table.out().indexOf("Compliance:")).isGreaterThan(table.out().indexOf("KW-PSS-001"));

    Run json = run("scan", "manifests", file.toString(), "--standard", "pss-restricted", "--standard", "cis-kubernetes",
        "--format", "json");
    JsonNode tree = new ObjectMapper().readTree(json.out());
    assertThat(tree.get("findings")).isNotEmpty();
    assertThat(tree.get("compliance")).hasSize(2);
    assertThat(tree.at("/compliance/0/standard/id").asText()).isEqualTo("pss-restricted");
    assertThat(tree.at("/compliance/0/controls/2/id").asText()).isEqualTo("privileged-containers");
    assertThat(tree.at("/compliance/0/controls/2/status").asText()).isEqualTo("failed");
    assertThat(tree.at("/compliance/0/controls/2/failing/0/resources/0/name").asText()).isEqualTo("web");
    // host files are manual; control-plane flags and kubelet settings cannot be seen in manifests: not evaluated
    assertThat(tree.at("/compliance/1/summary/manual").asInt()).isEqualTo(46);
    assertThat(tree.at("/compliance/1/summary/notEvaluated").asInt()).isGreaterThanOrEqualTo(56);
    assertThat(tree.toString()).contains("\"controls\":[\"cis-kubernetes:5.2.2\"".substring(0, 12));
    assertThat(json.out()).contains("pss-baseline:privileged-containers");

    Run csv = run("scan", "manifests", file.toString(), "--standard", "pss-baseline", "--format", "csv");
    assertThat(csv.out()).startsWith("standard,control,title").contains(
        "pss-baseline,privileged-containers,Privileged Containers,baseline,failed,,KW-PSS-001,KW-PSS-001,High,Deployment,shop,web,app,");
    assertThat(csv.out().lines().filter(l -> l.startsWith("standard,"))).hasSize(1);

    Run sarif = run("scan", "manifests", file.toString(), "--standard", "pss-baseline", "--format", "sarif");
    assertThat(sarif.code()).isEqualTo(2);
    assertThat(sarif.err()).contains("--standard works with --format table, json or csv");
    Run unknown = run("scan", "manifests", file.toString(), "--standard", "nope");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown standard 'nope'");
  }
}
