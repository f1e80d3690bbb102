package dev.kubeward.posture.report;

import dev.kubeward.posture.RuleSet;
import java.time.Instant;

/**
 * What a report needs besides the findings: the rules (for descriptions and help), when it was made and by which
 * version. Tests pass a fixed time so output is byte-for-byte stable.
 */
public record ReportContext(RuleSet rules, Instant generatedAt, String toolVersion) {}
