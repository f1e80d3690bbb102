package dev.kubeward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The whole server on PostgreSQL: the same flows the H2 tests cover, through the same code path. */
class ServerOnPostgresIT {

  @Test
  void runsOnPostgresWithTheSameBehaviourAsOnH2() {
    try (TestServer server = TestServer.start(TestDatabases.postgres())) {
      assertThat(server.database().dialect().name()).isEqualTo("POSTGRESQL");
      ApiClient admin = server.admin();
      String ws = admin.post("/api/v1/workspaces", Map.of("name", "On Postgres")).json().get("id").asString();
      String cluster = admin.post("/api/v1/workspaces/" + ws + "/clusters", Map.of("name", "prod")).json().get("id").asString();
      admin.patch("/api/v1/clusters/" + cluster + "/settings", Map.of("values", Map.of("protection.sensor", true)));
      admin.patch("/api/v1/workspaces/" + ws + "/settings", Map.of("values", Map.of("protection.sensor", false)));

      JsonNode sensor = admin.get("/api/v1/clusters/" + cluster + "/settings/effective").json()
          .get("settings").get("protection.sensor");
      assertThat(sensor.get("value").asBoolean()).isFalse();
      assertThat(sensor.get("source").asString()).isEqualTo("workspace");

      assertThat(server.anonymous().get("/api/v1/workspaces").status()).isEqualTo(401);
      assertThat(server.tokenWithRole("reader").post("/api/v1/workspaces", Map.of("name", "x")).status()).isEqualTo(403);
      assertThat(admin.post("/api/v1/workspaces", Map.of("name", "On Postgres")).status()).isEqualTo(409);
    }
  }
}
