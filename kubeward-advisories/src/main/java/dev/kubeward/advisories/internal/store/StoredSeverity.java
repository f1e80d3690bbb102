package dev.kubeward.advisories.internal.store;

/** An OSV severity entry: {@code type} CVSS_V2, CVSS_V3, CVSS_V4 or Ubuntu, {@code score} the vector or label. */
public record StoredSeverity(String type, String score) {}
