package dev.kubeward.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.server.testing.ApiClient;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import dev.kubeward.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Servers are stateless: two server processes on one PostgreSQL schema serve the same signed-in browser, whichever
 * replica a load balancer picks, and signing out on one ends the session on both.
 */
class SessionsAcrossReplicasIT {

  @Test
  void aSessionStartedOnOneReplicaWorksOnAnother() {
    try (TestDatabase db = TestDatabases.postgres();
        TestServer a = TestServer.start(db.shared());
        TestServer b = TestServer.start(db.shared())) {
      ApiClient onA = a.admin();
      ApiClient onB = onA.at(b.baseUrl());

      ApiClient.Response me = onB.get("/api/v1/me");
      assertThat(me.status()).as(me.toString()).isEqualTo(200);
      assertThat(me.json().get("name").asString()).isEqualTo("admin");
      // A change (session + CSRF token) through the other replica.
      ApiClient.Response created = onB.post("/api/v1/workspaces", Map.of("name", "Made on B"));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(onA.get("/api/v1/workspaces").body()).contains("Made on B");
      assertThat(db.jdbc().sql("select count(*) from spring_session where principal_name = 'admin'")
          .query(Long.class).single()).isGreaterThanOrEqualTo(1L);

      // Signing out on B ends the session everywhere.
      assertThat(onB.post("/logout", "").status()).isEqualTo(204);
      assertThat(onA.get("/api/v1/workspaces").status()).isEqualTo(401);
    }
  }
}
