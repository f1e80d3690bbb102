package dev.kubeward.advisories;

/**
 * A CVSS vector and the base score computed from it (with us.springett:cvss-calculator, never copied from the feed).
 *
 * @param version "2.0", "3.0", "3.1" or "4.0"
 * @param vector the vector string as published
 * @param baseScore the computed base score, 0.0 to 10.0
 * @param source where the vector came from: "osv" (the advisory itself) or "nvd"
 */
public record CvssScore(String version, String vector, double baseScore, String source) {}
