package dev.kubeward.cli.posture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.cli.KubewardCli;
import dev.kubeward.server.testing.MockKubeconfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The posture commands as a user runs them: output, exit codes and one-line errors. */
@EnableKubernetesMockClient(crud = true)
class PostureCommandsTest {
  static KubernetesClient client;
  static io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

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
  void scanManifestsWritesJsonAndFailsOnHighFindings() throws IOException {
    Path file = Files.writeString(dir.resolve("app.yaml"), PRIVILEGED);
    Run r = run("scan", "manifests", file.toString(), "--format", "json", "--fail-on", "high");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    Map<?, ?> json = new ObjectMapper().readValue(r.out(), Map.class);
    assertThat((List<?>) json.get("findings")).isNotEmpty();
    assertThat(r.out()).contains("\"ruleId\" : \"KW-PSS-001\"", "\"container\" : \"app\"");

    Run lowOnly = run("scan", "manifests", file.toString(), "--severity", "low", "--fail-on", "high");
    assertThat(lowOnly.code()).isZero();
    assertThat(lowOnly.out()).doesNotContain("KW-PSS-001").contains("KW-CTR-002");

    Run allowList = run("scan", "manifests", file.toString(), "--format", "csv",
        "--param", "KW-IMG-005.allowedRegistries=[registry.example.com]");
    assertThat(allowList.out()).contains("KW-IMG-005,Image comes from a registry outside the allow-list");
    assertThat(run("scan", "manifests", file.toString(), "--param", "KW-IMG-005.colour=red").err())
        .contains("rule KW-IMG-005 has no parameter 'colour'");

    Run sarif = run("scan", "manifests", file.toString(), "--format", "sarif", "-o", dir.resolve("out.sarif").toString());
    assertThat(sarif.code()).isZero();
    assertThat(Files.readString(dir.resolve("out.sarif"))).contains("\"version\" : \"2.1.0\"");
  }

  @Test
  void inputErrorsExitWithTwoAndOneLine() throws IOException {
    Run missing = run("scan", "manifests", dir.resolve("nope.yaml").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("kubeward: no such file or folder");
    Run format = run("scan", "manifests", dir.toString(), "--format", "xml");
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("unknown format 'xml'");
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("bad.yaml"), "id: ACME-X-001\ntitle: t\nseverity: High\ntarget: container\n"
        + "condition: container.image.startsWith(\nmessage: m\nremediation: r\n");
    Run badRule = run("scan", "manifests", dir.toString(), "--rules", rules.toString());
    assertThat(badRule.code()).isEqualTo(2);
    assertThat(badRule.err()).contains("bad.yaml [ACME-X-001]: condition does not compile");
  }

  @Test
  void rulesListShowAndExport() throws IOException {
    Run list = run("rules", "list");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("KW-PSS-001", "KW-RBAC-023").containsPattern("\\d{3} rules");
    Run json = run("rules", "list", "--format", "json");
    assertThat(((List<?>) new ObjectMapper().readValue(json.out(), Map.class).get("rules")).size()).isGreaterThanOrEqualTo(120);
    Run show = run("rules", "show", "KW-PSS-001");
    assertThat(show.out()).contains("Condition (CEL, true = misconfigured):", "KW-PSS-001/fail.yaml: must raise KW-PSS-001",
        "kind: ValidatingAdmissionPolicy");
    assertThat(run("rules", "show", "KW-NOPE-001").code()).isEqualTo(2);
    Run export = run("rules", "export", "KW-PSS-001", "KW-PSS-004", "--action", "Warn,Audit");
    assertThat(export.out()).contains("name: kubeward-kw-pss-004", "- Warn");
    assertThat(run("rules", "export", "KW-NS-004").err()).contains("cannot run at admission");
  }

  @Test
  void fixManifestsPrintsOrRewritesThePatchedFile() throws IOException {
    Path file = Files.writeString(dir.resolve("app.yaml"), PRIVILEGED);
    Run printed = run("fix", "manifests", file.toString(), "--rule", "KW-PSS-001");
    assertThat(printed.code()).isZero();
    assertThat(printed.out()).contains("privileged: false");
    assertThat(printed.err()).contains("fixed Deployment/shop/web [app]");
    assertThat(Files.readString(file)).contains("privileged: true");
    assertThat(run("fix", "manifests", file.toString(), "--rule", "KW-PSS-001", "--in-place").code()).isZero();
    assertThat(Files.readString(file)).contains("privileged: false");
    assertThat(run("fix", "manifests", file.toString(), "--rule", "KW-IMG-003").err()).contains("has no quick fix");
  }

  @Test
  void scanClusterReadsTheApiThroughAKubeconfig() throws IOException {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()).create();
    Path kubeconfig = MockKubeconfig.write(dir.resolve("kubeconfig"), client);
    Run r = run("scan", "cluster", "--kubeconfig", kubeconfig.toString(), "--context", "mock", "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"ruleId\" : \"KW-NS-001\"", "\"name\" : \"shop\"");
    // Table output adds the vulnerability section, or says why it is skipped.
    Run table = run("scan", "cluster", "--kubeconfig", kubeconfig.toString(), "--context", "mock", "--db",
        dir.resolve("no-db").toString());
    assertThat(table.out()).contains("Vulnerability assessment", "skipped: no advisory database in");
    Run missing = run("scan", "cluster", "--kubeconfig", dir.resolve("none").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("does not exist");

    // With --standard: no static control-plane pod (a managed control plane), kubelets only with --kubelet-config
    client.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("node-1")
        .endMetadata().build()).create();
    server.expect().get().withPath(dev.kubeward.compliance.components.KubeletConfigz.path("node-1"))
        .andReturn(403, "forbidden").always();
    Run cis = run("scan", "cluster", "--kubeconfig", kubeconfig.toString(), "--context", "mock", "--format", "json",
        "--standard", "cis-kubernetes");
    assertThat(cis.out()).contains("no static kube-apiserver pod visible in kube-system: managed control plane",
        "kubelet configuration not read (pass --kubelet-config");
    Run kubelets = run("scan", "cluster", "--kubeconfig", kubeconfig.toString(), "--context", "mock", "--format",
        "json", "--standard", "cis-kubernetes", "--kubelet-config");
    assertThat(kubelets.out()).contains("configz forbidden (403): the credentials may not get nodes/proxy");
  }
}
