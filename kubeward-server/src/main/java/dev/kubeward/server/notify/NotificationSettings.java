package dev.kubeward.server.notify;

import dev.kubeward.server.settings.SettingDefinition;
import dev.kubeward.server.settings.SettingsContributor;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Which notification channels a cluster uses. A channel sends only when the server is configured for it
 * ({@link NotifyProperties}); these settings let a workspace or cluster turn it off.
 */
@Component
public class NotificationSettings implements SettingsContributor {
  public static final String EMAIL = "notifications.email";
  public static final String SERVICENOW = "notifications.serviceNow";
  public static final String WEBHOOK = "notifications.webhook";
  public static final String DIGEST = "notifications.weeklyDigest";
  public static final String SIEM = "notifications.siem";

  @Override
  public List<SettingDefinition> settings() {
    return List.of(
        SettingDefinition.bool(EMAIL, true, "E-mail owners when findings are assigned to them."),
        SettingDefinition.bool(SERVICENOW, true,
            "Open a ServiceNow incident for each assigned finding and resolve it when the finding is resolved."),
        SettingDefinition.bool(WEBHOOK, true, "Post assignments and status changes to the configured webhook."),
        SettingDefinition.bool(DIGEST, true, "Send owners a weekly e-mail of their open and overdue findings."),
        SettingDefinition.bool(SIEM, true, "Stream new and changed runtime alerts to the workspace's SIEM destinations."));
  }

  static String key(Channel c) {
    return switch (c) {
      case EMAIL -> EMAIL;
      case SERVICENOW -> SERVICENOW;
      case WEBHOOK -> WEBHOOK;
      case SIEM -> SIEM;
    };
  }
}
