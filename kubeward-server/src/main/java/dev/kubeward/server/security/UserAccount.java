package dev.kubeward.server.security;

import java.time.Instant;

/** A local account. The password is kept only as a bcrypt hash. */
public record UserAccount(String id, String username, String passwordHash, Role role, boolean enabled, Instant createdAt) {}
