package dev.kubeward.advisories;

/**
 * An entry of CISA's Known Exploited Vulnerabilities catalogue: the CVE is exploited in the wild.
 *
 * @param cve the CVE id
 * @param dateAdded when CISA added it (ISO date)
 * @param dueDate the remediation deadline for US federal agencies (ISO date)
 * @param knownRansomwareCampaignUse "Known" or "Unknown"
 * @param vulnerabilityName CISA's short name for it
 * @param requiredAction what CISA asks for
 */
public record KevEntry(String cve, String dateAdded, String dueDate, String knownRansomwareCampaignUse,
    String vulnerabilityName, String requiredAction) {}
