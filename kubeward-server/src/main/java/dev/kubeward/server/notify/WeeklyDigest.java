package dev.kubeward.server.notify;

import dev.kubeward.server.findings.FindingEnums;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.ClusterDao;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Once a week (Monday 07:00 UTC by default), e-mails every owner a digest of their open findings: how many, how many
 * overdue, and the most urgent ones. Queued through the outbox like every other message.
 */
@Component
public class WeeklyDigest {
  /** Findings listed per digest; the counts cover all of them. */
  static final int TOP = 25;

  private final JdbcClient jdbc;
  private final OutboxDao outbox;
  private final SettingsService settings;
  private final ClusterDao clusters;
  private final NotifyProperties props;
  private final JsonMapper json;
  private final Clock clock;

  public WeeklyDigest(JdbcClient jdbc, OutboxDao outbox, SettingsService settings, ClusterDao clusters,
      NotifyProperties props, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.settings = settings;
    this.clusters = clusters;
    this.props = props;
    this.json = json;
    this.clock = clock;
  }

  @Scheduled(cron = "${kubeward.notify.digest-cron:0 0 7 * * MON}", zone = "UTC")
  public void scheduled() {
    queueDigests();
  }

  /** Queues one digest per owner with open findings in clusters whose digest setting is on; returns how many. */
  public int queueDigests() {
    if (!props.email().configured()) {
      return 0;
    }
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    String unresolved = "('open', 'in_progress', 'active')";
    Map<String, Boolean> clusterOn = new HashMap<>();
    Map<String, long[]> perOwner = new LinkedHashMap<>();
    jdbc.sql("select owner, cluster_id, count(*) as open_count,"
            + " sum(case when due_date < ? then 1 else 0 end) as overdue_count"
            + " from findings where owner is not null and status in " + unresolved
            + " group by owner, cluster_id order by owner, cluster_id")
        .param(Date.valueOf(today))
        .query(rs -> {
          String cluster = rs.getString("cluster_id");
          boolean on = clusterOn.computeIfAbsent(cluster,
              c -> settings.effective(c).bool(NotificationSettings.DIGEST) && settings.effective(c).bool(NotificationSettings.EMAIL));
          if (on) {
            long[] n = perOwner.computeIfAbsent(rs.getString("owner"), o -> new long[2]);
            n[0] += rs.getLong("open_count");
            n[1] += rs.getLong("overdue_count");
          }
        });
    List<String> enabledClusters = clusterOn.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    int queued = 0;
    for (Map.Entry<String, long[]> e : perOwner.entrySet()) {
      String owner = e.getKey();
      StringBuilder body = new StringBuilder();
      body.append("You own ").append(e.getValue()[0]).append(" open finding").append(e.getValue()[0] == 1 ? "" : "s")
          .append(", ").append(e.getValue()[1]).append(" of them overdue.\n\nMost urgent:\n");
      List<Object> params = new ArrayList<>();
      params.add(owner);
      params.addAll(enabledClusters);
      params.add(TOP);
      jdbc.sql("select id, cluster_id, title, severity, due_date from findings where owner = ? and status in "
              + unresolved + " and cluster_id in (" + String.join(", ", java.util.Collections.nCopies(enabledClusters.size(), "?"))
              + ") order by due_date nulls last, severity, id limit ?")
          .params(params)
          .query(rs -> {
            Date due = rs.getDate("due_date");
            boolean overdue = due != null && due.toLocalDate().isBefore(today);
            body.append("- [").append(FindingEnums.severityFromRank(rs.getInt("severity")).label()).append("] ")
                .append(rs.getString("title"))
                .append(" (").append(clusters.find(rs.getString("cluster_id")).map(c -> c.name()).orElse("?")).append(')')
                .append(due == null ? "" : (overdue ? ", OVERDUE since " : ", due ") + due.toLocalDate())
                .append("\n  ").append(props.dashboardUrl()).append("/api/v1/findings/").append(rs.getLong("id"))
                .append('\n');
          });
      Map<String, Object> mail = new LinkedHashMap<>();
      mail.put("subject", "Kubeward weekly digest: " + e.getValue()[0] + " open, " + e.getValue()[1] + " overdue");
      mail.put("body", body.toString());
      outbox.enqueue(Channel.EMAIL, "digest", null, owner, json.writeValueAsString(mail), now);
      queued++;
    }
    return queued;
  }
}
