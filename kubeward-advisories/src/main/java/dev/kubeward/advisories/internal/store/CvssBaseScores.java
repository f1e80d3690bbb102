package dev.kubeward.advisories.internal.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import us.springett.cvss.Cvss;

/**
 * Base scores of CVSS vectors (v2, v3.0, v3.1, v4.0), computed with us.springett:cvss-calculator — never copied from
 * a feed. Vectors repeat across advisories (and v4.0 scoring is not cheap), so each distinct vector is scored once.
 */
public final class CvssBaseScores {
  private static final Map<String, Double> SCORES = new ConcurrentHashMap<>();

  private CvssBaseScores() {}

  /** The base score of {@code vector}, or NaN when the entry is no CVSS vector or the vector does not parse. */
  public static double of(String type, String vector) {
    if (type == null || vector == null || !(type.startsWith("CVSS") || isVersionNumber(type))) {
      return Double.NaN;
    }
    String v = vector.trim();
    if (SCORES.size() > 100_000) {
      SCORES.clear();
    }
    return SCORES.computeIfAbsent(v, CvssBaseScores::compute);
  }

  private static double compute(String vector) {
    try {
      Cvss cvss = Cvss.fromVector(vector);
      return cvss == null ? Double.NaN : cvss.calculateScore().getBaseScore();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** NVD's entries are typed by CVSS version ("3.1"). */
  private static boolean isVersionNumber(String t) {
    return t.length() == 3 && Character.isDigit(t.charAt(0)) && t.charAt(1) == '.' && Character.isDigit(t.charAt(2));
  }
}
