package dev.kubeward.server.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The workspace-over-cluster rule, seen through the REST API. */
class SettingsApiIT {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aWorkspaceValueOverridesTheClusterAndTheEffectiveSettingsNameTheSource() {
    ApiClient admin = server.tokenWithRole("securityAdmin");
    String ws = admin.post("/api/v1/workspaces", Map.of("name", "Payments")).json().get("id").asString();
    String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id").asString();

    admin.put("/api/v1/clusters/" + cluster + "/settings",
        Map.of("values", Map.of("protection.registryAccess", false, "protection.sensor", true)));
    admin.patch("/api/v1/workspaces/" + ws + "/settings", Map.of("values", Map.of("protection.sensor", false)));

    JsonNode eff = admin.get("/api/v1/clusters/" + cluster + "/settings/effective").json();
    JsonNode sensor = eff.get("settings").get("protection.sensor");
    assertThat(sensor.get("value").asBoolean()).isFalse();
    assertThat(sensor.get("source").asString()).isEqualTo("workspace");
    assertThat(sensor.get("clusterValue").asBoolean()).isTrue();
    assertThat(sensor.get("lockedByWorkspace").asBoolean()).isTrue();
    JsonNode registry = eff.get("settings").get("protection.registryAccess");
    assertThat(registry.get("source").asString()).isEqualTo("cluster");
    assertThat(eff.get("settings").get("protection.policyAgent").get("source").asString()).isEqualTo("default");

    assertThat(eff.get("components").get("sensor").get("active").asBoolean()).isFalse();
    assertThat(eff.get("components").get("sensor").get("reason").asString())
        .isEqualTo("the sensor component is turned off for the workspace");
    assertThat(eff.get("components").get("registryAccess").get("reason").asString())
        .isEqualTo("the registryAccess component is turned off for this cluster");
    assertThat(eff.get("components").get("kubernetesApiAccess").get("active").asBoolean()).isTrue();

    // The cluster's own settings still show what the cluster asked for.
    assertThat(admin.get("/api/v1/clusters/" + cluster + "/settings").json().get("values").get("protection.sensor").asBoolean())
        .isTrue();

    // PATCH with null unsets; the cluster's own value is in force again.
    Map<String, Object> unset = new HashMap<>();
    unset.put("protection.sensor", null);
    admin.patch("/api/v1/workspaces/" + ws + "/settings", Map.of("values", unset));
    sensor = admin.get("/api/v1/clusters/" + cluster + "/settings/effective").json().get("settings").get("protection.sensor");
    assertThat(sensor.get("value").asBoolean()).isTrue();
    assertThat(sensor.get("source").asString()).isEqualTo("cluster");
  }

  @Test
  void definitionsDescribeEverySetting() {
    JsonNode defs = server.tokenWithRole("reader").get("/api/v1/settings/definitions").json();
    assertThat(defs.valueStream().map(d -> d.get("key").asString()))
        .contains("protection.enabled", "protection.sensor", "protection.kubernetesApiAccess",
            "protection.registryAccess", "protection.policyAgent");
    assertThat(defs.valueStream()).allSatisfy(d -> assertThat(d.get("description").asString()).isNotBlank());
  }

  @Test
  void deletingAClusterRemovesItsSettings() {
    ApiClient admin = server.tokenWithRole("securityAdmin");
    String ws = admin.post("/api/v1/workspaces", Map.of("name", "Temp")).json().get("id").asString();
    String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "gone")).json().get("id").asString();
    admin.patch("/api/v1/clusters/" + cluster + "/settings", Map.of("values", Map.of("protection.sensor", false)));
    assertThat(admin.delete("/api/v1/clusters/" + cluster).status()).isEqualTo(204);
    assertThat(admin.get("/api/v1/clusters/" + cluster + "/settings").status()).isEqualTo(404);
    Long left = server.database().jdbc().sql("select count(*) from settings where scope_id = ?").param(cluster)
        .query(Long.class).single();
    assertThat(left).isZero();
  }
}
