package dev.kubeward.server.security;

import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.db.IdGenerator;
import dev.kubeward.server.workspace.ClusterDao;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, authenticates and revokes API and ingestion tokens. The secret exists only in the creation response. */
@Service
public class TokenService {
  private final TokenDao tokens;
  private final ClusterDao clusters;
  private final ActivityLog activity;
  private final IdGenerator ids;
  private final Clock clock;

  public TokenService(TokenDao tokens, ClusterDao clusters, ActivityLog activity, IdGenerator ids, Clock clock) {
    this.tokens = tokens;
    this.clusters = clusters;
    this.activity = activity;
    this.ids = ids;
    this.clock = clock;
  }

  /** A new token and its secret, which is shown to the caller once and never again. */
  public record Created(ApiToken token, String secret) {}

  /**
   * Creates a token.
   *
   * @param role required for API tokens, not allowed for ingestion tokens
   * @param clusterId required for ingestion tokens (they post events for one cluster), optional for API tokens
   */
  @Transactional
  public Created create(String name, ApiToken.Kind kind, Optional<Role> role, Optional<String> clusterId,
      Optional<Instant> expiresAt, String createdBy) {
    if (kind == ApiToken.Kind.API && role.isEmpty()) {
      throw ApiException.badRequest("an API token needs a 'role'");
    }
    if (kind == ApiToken.Kind.INGESTION && role.isPresent()) {
      throw ApiException.badRequest("an ingestion token has no role; it may only post events for its cluster");
    }
    if (kind == ApiToken.Kind.INGESTION && clusterId.isEmpty()) {
      throw ApiException.badRequest("an ingestion token needs a 'clusterId'");
    }
    clusterId.ifPresent(c -> clusters.find(c).orElseThrow(() -> ApiException.notFound("cluster", c)));
    Instant now = clock.instant();
    expiresAt.ifPresent(e -> {
      if (!e.isAfter(now)) {
        throw ApiException.badRequest("'expiresAt' must be in the future");
      }
    });
    String secret = Secrets.newTokenSecret();
    ApiToken token = new ApiToken(ids.newId(), name, kind, Secrets.sha256(secret), secret.substring(0, 10), role,
        clusterId, createdBy, now, expiresAt, Optional.empty(), Optional.empty());
    tokens.insert(token);
    activity.record(createdBy, "token.create", "token", token.id(),
        kind.name().toLowerCase() + " token '" + name + "'" + role.map(r -> " role " + r.apiName()).orElse("")
            + clusterId.map(c -> " cluster " + c).orElse(""));
    return new Created(token, secret);
  }

  /** The caller a secret belongs to, if it is a known, unrevoked, unexpired token. */
  public Optional<KubewardPrincipal> authenticate(String secret) {
    if (secret == null || !secret.startsWith("kw_") || secret.length() > 100) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return tokens.findByHash(Secrets.sha256(secret))
        .filter(t -> t.usableAt(now))
        .map(t -> {
          // Sensors and the admission webhook authenticate on every request: record the use at most once a minute
          // rather than paying a committed write per request.
          if (t.lastUsedAt().map(last -> last.isBefore(now.minusSeconds(60))).orElse(true)) {
            tokens.touch(t.id(), now);
          }
          return new KubewardPrincipal("token:" + t.name(), t.role(),
              t.kind() == ApiToken.Kind.API ? KubewardPrincipal.Kind.API_TOKEN : KubewardPrincipal.Kind.INGESTION_TOKEN,
              t.clusterId());
        });
  }

  /** Revokes a token; it stops working at once. */
  @Transactional
  public void revoke(String id, String actor) {
    ApiToken t = tokens.find(id).orElseThrow(() -> ApiException.notFound("token", id));
    if (tokens.revoke(id, clock.instant())) {
      activity.record(actor, "token.revoke", "token", id, "token '" + t.name() + "'");
    }
  }
}
