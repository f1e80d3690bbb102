package dev.kubeward.server.findings;

import java.util.Locale;
import java.util.regex.Pattern;

/** Owners are e-mail addresses, compared without regard to case. */
public final class Owners {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"']{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

  private Owners() {}

  /**
   * Checks and normalises an owner's address.
   *
   * @throws IllegalArgumentException when it is not a plain e-mail address
   */
  public static String normalize(String owner) {
    String o = owner == null ? "" : owner.trim();
    if (o.length() > 320 || !EMAIL.matcher(o).matches()) {
      throw new IllegalArgumentException("'owner' must be an e-mail address like alice@example.com, was '"
          + (o.length() > 80 ? o.substring(0, 80) + "…" : o) + "'");
    }
    return o.toLowerCase(Locale.ROOT);
  }
}
