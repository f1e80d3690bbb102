package dev.kubeward.advisories;

/**
 * FIRST's Exploit Prediction Scoring System estimate for one CVE.
 *
 * @param cve the CVE id
 * @param probability probability of exploitation activity in the next 30 days, 0 to 1
 * @param percentile share of all scored CVEs with a lower or equal probability, 0 to 1
 * @param scoreDate the day the scores were computed, as the file states it ("" when it does not)
 */
public record EpssScore(String cve, double probability, double percentile, String scoreDate) {}
