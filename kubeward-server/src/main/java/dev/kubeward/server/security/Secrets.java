package dev.kubeward.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and their hashes. Token secrets have 256 bits of entropy, so a plain SHA-256 is a safe lookup key. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private Secrets() {}

  /** A new token secret: {@code kw_} followed by 43 url-safe characters. */
  public static String newTokenSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "kw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A password of {@code length} easily typed characters (no 0/O, 1/l/I). */
  public static String newPassword(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
    }
    return b.toString();
  }

  /** Hex SHA-256 of a secret. */
  public static String sha256(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
