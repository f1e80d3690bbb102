package dev.kubeward.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.kubeward.inventory.Inventory;
import dev.kubeward.inventory.KubeObject;
import dev.kubeward.posture.AdmissionPolicyExporter;
import dev.kubeward.posture.EngineOptions;
import dev.kubeward.posture.Finding;
import dev.kubeward.posture.PostureEngine;
import dev.kubeward.posture.Rule;
import dev.kubeward.posture.RuleSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reviews of sibling objects share one evaluation; anything a rule could see, including a name it prints, does not. */
class PostureVerdictCacheTest {
  static PostureEngine engine;
  final PostureVerdictCache cache = new PostureVerdictCache();
  final AtomicInteger evaluations = new AtomicInteger();

  @BeforeAll
  static void engine() {
    RuleSet all = RuleSet.builtIn();
    engine = new PostureEngine(all.only(all.rules().stream().filter(AdmissionPolicyExporter::admissionCapable)
        .map(Rule::id).toList()), EngineOptions.defaults());
  }

  List<Finding> review(String json) {
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = JsonMapper.builder().build().readValue(json, Map.class);
    KubeObject object = KubeObject.of(tree, null);
    return cache.findings(engine, object.ref(), tree, () -> {
      evaluations.incrementAndGet();
      Inventory single = new Inventory();
      single.put(object);
      return engine.evaluate(single, object);
    });
  }

  static String pod(String name, String uid, String securityContext) {
    return """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","generateName":"web-7d9f8c-","namespace":"shop",
         "uid":"%s","creationTimestamp":"2026-11-29T10:00:%s","labels":{"app":"web","pod-template-hash":"7d9f8c"}},
         "spec":{"containers":[{"name":"web","image":"registry.example/web:1.0","securityContext":%s}]},
         "status":{"phase":"Pending"}}
        """.formatted(name, uid, uid.substring(0, 2), securityContext);
  }

  static String deployment(String name) {
    return """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","namespace":"shop"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
         "spec":{"containers":[{"name":"web","image":"registry.example/web:1.0"}]}}}}
        """.formatted(name);
  }

  @Test
  void podsOfOneTemplateAreEvaluatedOnceAndGetTheSameFindings() {
    List<Finding> first = review(pod("web-7d9f8c-abcde", "11111111", "{\"privileged\":true}"));
    List<Finding> second = review(pod("web-7d9f8c-fghij", "22222222", "{\"privileged\":true}"));

    assertThat(evaluations).hasValue(1);
    assertThat(first).isNotEmpty().extracting(Finding::ruleId, Finding::message)
        .isEqualTo(second.stream().map(f -> tuple(f.ruleId(), f.message())).toList());
    assertThat(first).extracting(Finding::outcome).contains(Finding.Outcome.FAIL);
    assertThat(cache.counts()).containsExactly(1L, 1L);
  }

  @Test
  void aSiblingGetsFindingsThatNameItself() {
    List<Finding> first = review(pod("web-7d9f8c-abcde", "11111111", "{}").replace("\"shop\"", "\"default\""));
    List<Finding> second = review(pod("web-7d9f8c-fghij", "22222222", "{}").replace("\"shop\"", "\"default\""));

    assertThat(evaluations).hasValue(1);
    assertThat(first).extracting(Finding::ruleId).contains("KW-WKL-001");
    assertThat(second).extracting(Finding::message)
        .contains("Pod web-7d9f8c-fghij runs in the default namespace")
        .noneSatisfy(m -> assertThat(m).contains("abcde"));
    assertThat(second).extracting(f -> f.resource().name()).containsOnly("web-7d9f8c-fghij");
  }

  @Test
  void aChangeTheRulesCanSeeIsEvaluatedAgain() {
    List<Finding> privileged = review(pod("web-7d9f8c-abcde", "11111111", "{\"privileged\":true}"));
    List<Finding> hardened = review(pod("web-7d9f8c-fghij", "22222222",
        "{\"privileged\":false,\"allowPrivilegeEscalation\":false,\"runAsNonRoot\":true,\"readOnlyRootFilesystem\":true,"
            + "\"capabilities\":{\"drop\":[\"ALL\"]},\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}"));

    assertThat(evaluations).hasValue(2);
    assertThat(privileged.size()).isGreaterThan(hardened.size());
  }

  @Test
  void objectsWithTheirOwnNamesAreNotShared() {
    List<Finding> one = review(deployment("web-a"));
    List<Finding> other = review(deployment("web-b"));

    assertThat(evaluations).hasValue(2);
    assertThat(one).extracting(Finding::message).anySatisfy(m -> assertThat(m).contains("web-a"));
    assertThat(other).extracting(Finding::message).anySatisfy(m -> assertThat(m).contains("web-b"))
        .noneSatisfy(m -> assertThat(m).contains("web-a"));
  }

  @Test
  void theCacheIsBounded() {
    for (int i = 0; i < PostureVerdictCache.MAX_ENTRIES + 10; i++) {
      review(pod("web-7d9f8c-x" + i, "3333333" + i, "{\"runAsUser\":" + i + "}"));
    }
    review(pod("web-7d9f8c-again", "44444444", "{\"runAsUser\":0}"));

    assertThat(evaluations).hasValue(PostureVerdictCache.MAX_ENTRIES + 11);
  }
}
