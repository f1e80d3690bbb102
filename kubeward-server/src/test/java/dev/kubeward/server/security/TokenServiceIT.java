package dev.kubeward.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import dev.kubeward.server.workspace.Workspace;
import dev.kubeward.server.workspace.WorkspaceDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens are stored as hashes, authenticate until revoked or expired, and keep their cluster scope. */
class TokenServiceIT {

  /** A clock the test moves forward. */
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void tokensAuthenticateUntilRevokedOrExpiredAndNeverStoreTheSecret(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      MutableClock clock = new MutableClock();
      AtomicInteger n = new AtomicInteger();
      new WorkspaceDao(db.jdbc()).insert(new Workspace("w1", "A", "", clock.now));
      new ClusterDao(db.jdbc()).insert(new Cluster("c1", "w1", "prod", "", clock.now));
      TokenDao dao = new TokenDao(db.jdbc());
      TokenService tokens = new TokenService(dao, new ClusterDao(db.jdbc()), new ActivityLog(db.jdbc(), clock),
          () -> "t" + n.incrementAndGet(), clock);

      var api = tokens.create("ci", ApiToken.Kind.API, Optional.of(Role.READER), Optional.empty(),
          Optional.of(clock.now.plus(Duration.ofDays(1))), "admin");
      var sensor = tokens.create("falco", ApiToken.Kind.INGESTION, Optional.empty(), Optional.of("c1"), Optional.empty(), "admin");

      // The secret is nowhere in the table, only its hash.
      String dump = db.jdbc().sql("select * from api_tokens").query().listOfRows().toString();
      assertThat(dump).doesNotContain(api.secret()).doesNotContain(sensor.secret()).contains(Secrets.sha256(api.secret()));

      assertThat(tokens.authenticate(api.secret())).contains(
          new KubewardPrincipal("token:ci", Optional.of(Role.READER), KubewardPrincipal.Kind.API_TOKEN, Optional.empty()));
      KubewardPrincipal ingest = tokens.authenticate(sensor.secret()).orElseThrow();
      assertThat(ingest.kind()).isEqualTo(KubewardPrincipal.Kind.INGESTION_TOKEN);
      assertThat(ingest.role()).isEmpty();
      assertThat(ingest.mayAccessCluster("c1")).isTrue();
      assertThat(ingest.mayAccessCluster("c2")).isFalse();
      assertThat(dao.find("t1").orElseThrow().lastUsedAt()).contains(clock.now);

      assertThat(tokens.authenticate(api.secret() + "x")).isEmpty();
      assertThat(tokens.authenticate("not-a-token")).isEmpty();

      tokens.revoke(sensor.token().id(), "admin");
      assertThat(tokens.authenticate(sensor.secret())).isEmpty();

      clock.now = clock.now.plus(Duration.ofDays(2));
      assertThat(tokens.authenticate(api.secret())).as("expired").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void refusesTokensThatMakeNoSense(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      MutableClock clock = new MutableClock();
      TokenService tokens = new TokenService(new TokenDao(db.jdbc()), new ClusterDao(db.jdbc()),
          new ActivityLog(db.jdbc(), clock), () -> "t", clock);
      assertThatThrownBy(() -> tokens.create("x", ApiToken.Kind.API, Optional.empty(), Optional.empty(), Optional.empty(), "a"))
          .hasMessage("an API token needs a 'role'");
      assertThatThrownBy(() -> tokens.create("x", ApiToken.Kind.INGESTION, Optional.empty(), Optional.empty(), Optional.empty(), "a"))
          .hasMessage("an ingestion token needs a 'clusterId'");
      assertThatThrownBy(() -> tokens.create("x", ApiToken.Kind.INGESTION, Optional.empty(), Optional.of("nope"), Optional.empty(), "a"))
          .hasMessage("cluster 'nope' not found");
      assertThatThrownBy(() -> tokens.create("x", ApiToken.Kind.API, Optional.of(Role.READER), Optional.empty(),
          Optional.of(clock.now.minusSeconds(1)), "a"))
          .hasMessage("'expiresAt' must be in the future");
    }
  }
}
