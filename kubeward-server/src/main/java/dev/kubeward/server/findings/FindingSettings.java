package dev.kubeward.server.findings;

import dev.kubeward.model.Severity;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Declares the findings workflow's settings: the grace period per severity that sets a default due date when an
 * owner is assigned without one.
 */
@Component
public class FindingSettings implements dev.kubeward.server.settings.SettingsContributor {

  /** {@code findings.dueDays.high}: days an owner has to fix a finding of that severity. */
  public static String dueDaysKey(Severity s) {
    return "findings.dueDays." + s.name().toLowerCase(Locale.ROOT);
  }

  static long defaultDays(Severity s) {
    return switch (s) {
      case CRITICAL -> 7;
      case HIGH -> 30;
      case MEDIUM -> 90;
      case LOW -> 180;
      case INFORMATIONAL -> 365;
      case UNKNOWN -> 90;
    };
  }

  @Override
  public List<dev.kubeward.server.settings.SettingDefinition> settings() {
    return java.util.Arrays.stream(Severity.values())
        .map(s -> dev.kubeward.server.settings.SettingDefinition.integer(dueDaysKey(s), defaultDays(s), 1, 3650,
            "Days to fix a " + s.label() + " finding: the default due date when an owner is assigned without one."))
        .toList();
  }
}
