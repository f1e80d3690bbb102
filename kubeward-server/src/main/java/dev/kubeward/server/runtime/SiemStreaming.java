package dev.kubeward.server.runtime;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.pipeline.AlertChange;
import dev.kubeward.runtime.siem.SyslogFormatter;
import dev.kubeward.runtime.siem.SyslogSender;
import dev.kubeward.runtime.siem.TrustedCa;
import dev.kubeward.runtime.siem.WebhookMessage;
import dev.kubeward.runtime.siem.WebhookSender;
import dev.kubeward.server.notify.Channel;
import dev.kubeward.server.notify.NotificationSender;
import dev.kubeward.server.notify.NotificationSettings;
import dev.kubeward.server.notify.OutboxDao;
import dev.kubeward.server.notify.OutboxMessage;
import dev.kubeward.server.settings.SettingsService;
import dev.kubeward.server.workspace.ClusterDao;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams every new or changed alert to its workspace's SIEM destinations through the persistent notification
 * outbox: one message per alert change and destination, retried with back-off by the outbox dispatcher, so a
 * destination that is down gets the alerts when it is back. Webhooks get signed JSON ({@code X-Kubeward-Signature},
 * HMAC-SHA256); syslog destinations get RFC 5424 messages with a CEF payload over TCP or TLS.
 */
@Component
public class SiemStreaming implements NotificationSender {
  private final SiemDestinations destinations;
  private final OutboxDao outbox;
  private final ClusterDao clusters;
  private final RuntimeAlertStore alerts;
  private final SettingsService settings;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private final WebhookSender webhooks = WebhookSender.create(Duration.ofSeconds(5), null);
  private final SyslogFormatter syslog = new SyslogFormatter(10, hostname(), "kubeward", "1");

  public SiemStreaming(SiemDestinations destinations, OutboxDao outbox, ClusterDao clusters, RuntimeAlertStore alerts,
      RuntimeAlertService alertService, SettingsService settings, Clock clock) {
    this.destinations = destinations;
    this.outbox = outbox;
    this.clusters = clusters;
    this.alerts = alerts;
    this.settings = settings;
    this.clock = clock;
    alertService.onChangesInTransaction(this::enqueue);
  }

  /** Puts one outbox message per change and enabled destination of the alert's workspace. */
  void enqueue(List<AlertChange> changes) {
    Map<String, List<AlertChange>> byCluster = new java.util.LinkedHashMap<>();
    for (AlertChange c : changes) {
      byCluster.computeIfAbsent(c.alert().cluster(), k -> new java.util.ArrayList<>()).add(c);
    }
    for (var entry : byCluster.entrySet()) {
      var cluster = clusters.find(entry.getKey());
      if (cluster.isEmpty()) {
        continue;
      }
      // Most clusters stream nowhere: one lookup per batch, and nothing else.
      List<SiemDestinations.Destination> targets = destinations.inWorkspace(cluster.get().workspaceId()).stream()
          .filter(SiemDestinations.Destination::enabled).toList();
      if (targets.isEmpty() || !streamingOn(entry.getKey())) {
        continue;
      }
      for (AlertChange c : entry.getValue()) {
        Alert a = c.alert();
        Long findingId = alerts.find(a.id()).map(RuntimeAlertStore.StoredAlert::findingId).orElse(null);
        String payload = json.writeValueAsString(Map.of("eventType", c.change().eventType(), "alert", a));
        for (SiemDestinations.Destination d : targets) {
          outbox.enqueue(Channel.SIEM, c.change().eventType(), findingId, d.id(), payload, clock.instant());
        }
      }
    }
  }

  private boolean streamingOn(String clusterId) {
    try {
      return settings.effective(clusterId).bool(NotificationSettings.SIEM);
    } catch (RuntimeException e) {
      return true;
    }
  }

  @Override
  public Channel channel() {
    return Channel.SIEM;
  }

  @Override
  public boolean configured() {
    return true;
  }

  @Override
  public void send(OutboxMessage message) throws NotificationSender.DeliveryException {
    SiemDestinations.Destination d = destinations.find(message.recipient()).orElseThrow(() ->
        new NotificationSender.DeliveryException("the SIEM destination " + message.recipient() + " was deleted"));
    JsonNode payload = json.readTree(message.payload());
    Alert alert = json.treeToValue(payload.get("alert"), Alert.class);
    String eventType = payload.get("eventType").asString();
    try {
      switch (d.type()) {
        case "webhook" -> {
          byte[] secret = secret(d.secretRef()).getBytes(StandardCharsets.UTF_8);
          WebhookMessage m = WebhookMessage.of(eventType, "kw-" + message.id(), alert, clock.instant(), secret);
          webhooks.send(URI.create(d.url()), m, Duration.ofSeconds(10));
        }
        case "syslog" -> {
          javax.net.ssl.SSLContext trust = d.tls() && !d.caCertificate().isEmpty()
              ? TrustedCa.parse(d.caCertificate()).sslContext() : null;
          try (SyslogSender s = new SyslogSender(new SyslogSender.Destination(d.host(), d.port(), d.tls(),
              trust, Duration.ofSeconds(5)))) {
            s.send(syslog.format(alert));
          }
        }
        default -> throw new NotificationSender.DeliveryException("unknown SIEM destination type " + d.type());
      }
    } catch (dev.kubeward.runtime.siem.DeliveryException e) {
      throw new NotificationSender.DeliveryException(d.type() + " destination '" + d.name() + "': " + e.getMessage());
    }
  }

  /** Reads a secret reference; the message names the reference, never the value. */
  static String secret(String ref) throws NotificationSender.DeliveryException {
    String value = null;
    if (ref != null && ref.startsWith("env:")) {
      value = System.getenv(ref.substring(4));
    } else if (ref != null && ref.startsWith("file:")) {
      try {
        value = Files.readString(Path.of(ref.substring(5)), StandardCharsets.UTF_8).strip();
      } catch (java.io.IOException e) {
        value = null;
      }
    }
    if (value == null || value.isEmpty()) {
      throw new NotificationSender.DeliveryException("the webhook secret " + ref + " is not set or not readable");
    }
    return value;
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "kubeward";
    }
  }
}
