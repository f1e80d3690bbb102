package dev.kubeward.server.admission;

import dev.kubeward.server.settings.SettingDefinition;
import dev.kubeward.server.settings.SettingsContributor;
import java.util.List;
import org.springframework.stereotype.Component;

/** The gated-deployment settings, per workspace or cluster. */
@Component
public class AdmissionSettings implements SettingsContributor {
  public static final String ENFORCEMENT = "admission.enforcement";
  public static final String DENY_CRITICAL_WITH_FIX = "admission.denyCriticalWithFix";
  public static final String DENY_KEV = "admission.denyKnownExploited";
  public static final String UNSCANNED = "admission.unscannedImages";
  public static final String POSTURE = "admission.postureRules";
  public static final String ON_TIMEOUT = "admission.onTimeout";
  public static final String BUDGET = "admission.timeBudgetMillis";
  public static final String EXEMPT_NAMESPACES = "admission.exemptNamespaces";

  @Override
  public List<SettingDefinition> settings() {
    return List.of(
        SettingDefinition.string(ENFORCEMENT, "audit", List.of("audit", "enforce"),
            "audit: allow everything and record what would have been denied; enforce: deny."),
        SettingDefinition.bool(DENY_CRITICAL_WITH_FIX, true,
            "Deny images with a Critical vulnerability that has a fixed version."),
        SettingDefinition.bool(DENY_KEV, true,
            "Deny images with a vulnerability in CISA's Known Exploited Vulnerabilities catalog."),
        SettingDefinition.string(UNSCANNED, "warn", List.of("allow", "warn", "deny"),
            "What to do with images that have not been scanned (or are not pinned by digest)."),
        SettingDefinition.string(POSTURE, "warn", List.of("off", "warn", "denyHigh"),
            "Admission-capable misconfiguration rules: ignore, warn, or deny on High findings (warn on others)."),
        SettingDefinition.string(ON_TIMEOUT, "failOpen", List.of("failOpen", "failClosed"),
            "When Kubeward cannot decide within its time budget: allow with a warning, or deny."),
        SettingDefinition.integer(BUDGET, 2000, 50, 9000,
            "Milliseconds Kubeward takes at most to decide; keep it below the webhook's timeoutSeconds."),
        SettingDefinition.stringList(EXEMPT_NAMESPACES, List.of("kube-system"), List.of(),
            "Namespaces whose objects are always allowed without evaluation."));
  }
}
