package dev.kubeward.server.notify;

import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.FindingEnums;
import dev.kubeward.server.findings.FindingEvent;
import dev.kubeward.server.findings.FindingListener;
import dev.kubeward.server.settings.EffectiveSettings;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns finding events into outbox messages, in the transaction that made the change: one e-mail per owner and
 * cluster for an assignment, one ServiceNow incident per assigned finding (closed when the finding is resolved), and
 * webhook posts of assignments and status changes. Only channels that the server configures and the cluster's
 * settings allow get messages.
 */
@Component
public class NotificationPlanner implements FindingListener {
  /** Most findings listed in one e-mail; the rest are counted. */
  static final int MAX_LINES = 200;
  /** Findings per webhook post. */
  static final int WEBHOOK_BATCH = 100;

  private final OutboxDao outbox;
  private final SettingsService settings;
  private final ClusterDao clusters;
  private final NotifyProperties props;
  private final JsonMapper json;
  private final Clock clock;

  public NotificationPlanner(OutboxDao outbox, SettingsService settings, ClusterDao clusters, NotifyProperties props,
      JsonMapper json, Clock clock) {
    this.outbox = outbox;
    this.settings = settings;
    this.clusters = clusters;
    this.props = props;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void onEvents(List<FindingEvent> events) {
    if (!props.email().configured() && !props.servicenow().configured() && !props.webhook().configured()) {
      return;
    }
    Instant now = clock.instant();
    Map<String, EffectiveSettings> effective = new HashMap<>();
    Map<List<String>, List<FindingEvent>> assignedByOwner = new LinkedHashMap<>();
    List<FindingEvent> forWebhook = new ArrayList<>();
    for (FindingEvent e : events) {
      EffectiveSettings s = effective.computeIfAbsent(e.clusterId(), settings::effective);
      boolean closes = e.type() == FindingEvent.Type.STATUS_CHANGED && e.oldStatus().unresolved()
          && !e.newStatus().unresolved();
      if (e.type() == FindingEvent.Type.ASSIGNED) {
        if (props.email().configured() && s.bool(NotificationSettings.EMAIL)) {
          assignedByOwner.computeIfAbsent(List.of(e.owner(), e.clusterId()), k -> new ArrayList<>()).add(e);
        }
        if (props.servicenow().configured() && s.bool(NotificationSettings.SERVICENOW) && e.ticketSysId() == null
            && !outbox.pending(Channel.SERVICENOW, ServiceNowSender.CREATE, e.findingId())) {
          outbox.enqueue(Channel.SERVICENOW, ServiceNowSender.CREATE, e.findingId(), e.owner(),
              json.writeValueAsString(incident(e)), now);
        }
      }
      if (closes && props.servicenow().configured() && s.bool(NotificationSettings.SERVICENOW)
          && (e.ticketSysId() != null || outbox.pending(Channel.SERVICENOW, ServiceNowSender.CREATE, e.findingId()))) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("findingId", e.findingId());
        p.put("closeNotes", "Finding " + e.findingId() + " is " + e.newStatus().apiName() + " in Kubeward ("
            + e.actor() + (e.comment() == null || e.comment().isBlank() ? "" : ": " + e.comment()) + ").");
        outbox.enqueue(Channel.SERVICENOW, ServiceNowSender.RESOLVE, e.findingId(), "", json.writeValueAsString(p), now);
      }
      if (props.webhook().configured() && s.bool(NotificationSettings.WEBHOOK)) {
        forWebhook.add(e);
      }
    }
    assignedByOwner.forEach((key, list) -> outbox.enqueue(Channel.EMAIL, "assigned", null, key.get(0),
        json.writeValueAsString(assignmentMail(key.get(1), list)), now));
    for (int i = 0; i < forWebhook.size(); i += WEBHOOK_BATCH) {
      List<FindingEvent> part = forWebhook.subList(i, Math.min(forWebhook.size(), i + WEBHOOK_BATCH));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("source", "kubeward");
      body.put("sentAt", now.toString());
      body.put("events", part.stream().map(NotificationPlanner::webhookEvent).toList());
      outbox.enqueue(Channel.WEBHOOK, "findings", null, "", json.writeValueAsString(body), now);
    }
  }

  private Map<String, Object> assignmentMail(String clusterId, List<FindingEvent> list) {
    String cluster = clusters.find(clusterId).map(Cluster::name).orElse(clusterId);
    StringBuilder body = new StringBuilder();
    body.append(list.size() == 1 ? "A finding was" : list.size() + " findings were")
        .append(" assigned to you in cluster ").append(cluster).append(" by ").append(list.get(0).actor()).append(".\n\n");
    int shown = 0;
    for (FindingEvent e : list) {
      if (shown++ == MAX_LINES) {
        body.append("... and ").append(list.size() - MAX_LINES).append(" more.\n");
        break;
      }
      body.append("- [").append(e.severity().label()).append("] ").append(e.title());
      if (!e.resource().isEmpty()) {
        body.append(" (").append(e.resource()).append(')');
      }
      if (e.dueDate() != null) {
        body.append(", due ").append(e.dueDate());
      }
      body.append("\n  ").append(link(e.findingId())).append('\n');
    }
    String comment = list.get(0).comment();
    if (comment != null && !comment.isBlank()) {
      body.append("\nComment: ").append(comment).append('\n');
    }
    Map<String, Object> mail = new LinkedHashMap<>();
    mail.put("subject", "Kubeward: " + (list.size() == 1 ? "1 finding" : list.size() + " findings")
        + " assigned to you in " + cluster);
    mail.put("body", body.toString());
    return mail;
  }

  private Map<String, Object> incident(FindingEvent e) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("findingId", e.findingId());
    p.put("shortDescription", clip("[Kubeward] " + e.severity().label() + ": " + e.title(), 160));
    p.put("description", e.title() + "\n\nKind: " + FindingEnums.kind(e.kind()) + "\nResource: "
        + (e.resource().isEmpty() ? "-" : e.resource()) + "\nOwner: " + e.owner()
        + (e.dueDate() == null ? "" : "\nDue: " + e.dueDate()) + "\n" + link(e.findingId()));
    int[] ui = urgencyImpact(e.severity());
    p.put("urgency", String.valueOf(ui[0]));
    p.put("impact", String.valueOf(ui[1]));
    return p;
  }

  private static Map<String, Object> webhookEvent(FindingEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", e.type() == FindingEvent.Type.ASSIGNED ? "assigned" : "statusChanged");
    m.put("findingId", e.findingId());
    m.put("clusterId", e.clusterId());
    m.put("kind", FindingEnums.kind(e.kind()));
    m.put("title", e.title());
    m.put("severity", FindingEnums.severity(e.severity()));
    m.put("resource", e.resource());
    m.put("owner", e.owner());
    m.put("dueDate", e.dueDate() == null ? null : e.dueDate().toString());
    m.put("oldStatus", e.oldStatus().apiName());
    m.put("status", e.newStatus().apiName());
    m.put("actor", e.actor());
    m.put("comment", e.comment());
    return m;
  }

  private String link(long findingId) {
    String base = props.dashboardUrl().endsWith("/") ? props.dashboardUrl().substring(0, props.dashboardUrl().length() - 1)
        : props.dashboardUrl();
    return base + "/api/v1/findings/" + findingId;
  }

  static int[] urgencyImpact(Severity s) {
    return switch (s) {
      case CRITICAL -> new int[] {1, 1};
      case HIGH -> new int[] {1, 2};
      case MEDIUM -> new int[] {2, 2};
      default -> new int[] {3, 3};
    };
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
