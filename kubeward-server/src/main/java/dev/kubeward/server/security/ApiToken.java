package dev.kubeward.server.security;

import java.time.Instant;
import java.util.Optional;

/**
 * A token as stored: its hash and metadata, never the secret.
 *
 * @param hint the first characters of the secret, so a user can tell tokens apart
 * @param role the role of an API token; empty for ingestion tokens
 * @param clusterId the only cluster the token may reach, if scoped
 */
public record ApiToken(
    String id,
    String name,
    Kind kind,
    String tokenHash,
    String hint,
    Optional<Role> role,
    Optional<String> clusterId,
    String createdBy,
    Instant createdAt,
    Optional<Instant> expiresAt,
    Optional<Instant> lastUsedAt,
    Optional<Instant> revokedAt) {

  /** What a token is for. */
  public enum Kind {
    /** Calls the REST API with a role. */
    API,
    /** Posts sensor events and audit logs for one cluster, nothing else. */
    INGESTION
  }

  /** True when the token may still authenticate at {@code now}. */
  public boolean usableAt(Instant now) {
    return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
  }
}
