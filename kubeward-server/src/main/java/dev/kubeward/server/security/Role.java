package dev.kubeward.server.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user or token may do. Each role includes every lower one; the server checks roles on every action, the UI
 * only hides what a role may not do.
 */
public enum Role {
  /** Sees everything, changes nothing. */
  READER,
  /** May also assign owners and due dates and change the status of recommendations. */
  CONTRIBUTOR,
  /** May also change alert status, manage suppression rules and settings. */
  SECURITY_ADMIN,
  /** May also manage users and tokens. */
  ADMIN;

  /** The Spring authority, {@code ROLE_SECURITY_ADMIN}. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** The name used in the API: {@code securityAdmin}. */
  public String apiName() {
    String[] parts = name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder b = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return b.toString();
  }

  /** True when this role includes {@code other}. */
  public boolean includes(Role other) {
    return ordinal() >= other.ordinal();
  }

  /**
   * Parses an API name ({@code securityAdmin}) or an enum name ({@code SECURITY_ADMIN}).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.apiName().equalsIgnoreCase(text) || r.name().equalsIgnoreCase(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + text + "'; expected one of "
        + Arrays.stream(values()).map(Role::apiName).collect(Collectors.joining(", ")));
  }

  /** Spring's role hierarchy text: each role implies the next lower one. */
  static String hierarchy() {
    StringBuilder b = new StringBuilder();
    Role[] roles = values();
    for (int i = roles.length - 1; i > 0; i--) {
      b.append(roles[i].authority()).append(" > ").append(roles[i - 1].authority()).append('\n');
    }
    return b.toString();
  }
}
