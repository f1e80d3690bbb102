package dev.kubeward.risk;

/**
 * One reason behind a score, in plain words.
 *
 * @param code a stable name for the factor ({@code kev}, {@code internet-exposed}, {@code privileged}, ...), the key
 *     of its weight in risk-weights.yaml where it has one
 * @param text what users read ("exploited in the wild (KEV)")
 * @param points what it added to the score (negative for reductions, 0 for information)
 */
public record RiskFactor(String code, String text, double points) {}
