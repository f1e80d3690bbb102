package dev.kubeward.image.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Content digests in the {@code algorithm:hex} form registries use. Only sha256 and sha512 are accepted. */
public final class Digests {
  private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("sha512:[a-f0-9]{128}");

  private Digests() {}

  /** True for a well-formed sha256 or sha512 digest. */
  public static boolean isValid(String digest) {
    return digest != null && (SHA256.matcher(digest).matches() || SHA512.matcher(digest).matches());
  }

  /** A fresh hasher for the digest's algorithm. */
  public static MessageDigest hasherFor(String digest) {
    String alg = digest.startsWith("sha512:") ? "SHA-512" : "SHA-256";
    try {
      return MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** sha256 of the bytes, as {@code sha256:hex}. */
  public static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Formats a finished hasher's output with the algorithm prefix of {@code like}. */
  public static String format(String like, byte[] hash) {
    return (like.startsWith("sha512:") ? "sha512:" : "sha256:") + HexFormat.of().formatHex(hash);
  }

  /** The hex part of a digest, for file names. Callers validate first. */
  public static String hex(String digest) {
    return digest.substring(digest.indexOf(':') + 1);
  }
}
