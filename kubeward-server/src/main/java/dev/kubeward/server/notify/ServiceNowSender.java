package dev.kubeward.server.notify;

import dev.kubeward.server.findings.Finding;
import dev.kubeward.server.findings.FindingChange;
import dev.kubeward.server.findings.FindingDao;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens and resolves incidents through ServiceNow's Table API ({@code /api/now/table/incident}). Each incident carries
 * {@code correlation_id = kubeward-finding-<id>}: before creating one, the sender looks for it, so a retry after a lost
 * response never opens a second incident. The incident's number and link are stored on the finding.
 */
@Component
public class ServiceNowSender implements NotificationSender {
  /** Outbox event: open an incident for a finding. */
  public static final String CREATE = "ticketCreate";
  /** Outbox event: resolve a finding's incident. */
  public static final String RESOLVE = "ticketResolve";

  private final NotifyProperties.ServiceNow config;
  private final FindingDao findings;
  private final OutboxDao outbox;
  private final JsonMapper json;
  private final Clock clock;
  private final HttpClient http;

  public ServiceNowSender(NotifyProperties props, FindingDao findings, OutboxDao outbox, JsonMapper json, Clock clock) {
    this.config = props.servicenow();
    this.findings = findings;
    this.outbox = outbox;
    this.json = json;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Channel channel() {
    return Channel.SERVICENOW;
  }

  @Override
  public boolean configured() {
    return config.configured();
  }

  @Override
  public void send(OutboxMessage message) throws DeliveryException {
    JsonNode payload = json.readTree(message.payload());
    long findingId = payload.get("findingId").asLong();
    Optional<Finding> finding = findings.find(findingId);
    if (finding.isEmpty()) {
      return; // the finding was deleted with its cluster: nothing left to tell ServiceNow
    }
    switch (message.event()) {
      case CREATE -> create(finding.get(), payload);
      case RESOLVE -> resolve(finding.get(), message, payload);
      default -> throw new DeliveryException("unknown ServiceNow event '" + message.event() + "'");
    }
  }

  private void create(Finding f, JsonNode payload) throws DeliveryException {
    if (f.ticketSysId() != null) {
      return;
    }
    String correlation = "kubeward-finding-" + f.id();
    JsonNode existing = call("GET", "/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id,number&sysparm_query="
        + URLEncoder.encode("correlation_id=" + correlation, StandardCharsets.UTF_8), null, 200);
    JsonNode incident;
    if (existing.path("result").isArray() && !existing.path("result").isEmpty()) {
      incident = existing.path("result").get(0);
    } else {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("short_description", payload.path("shortDescription").asString());
      body.put("description", payload.path("description").asString());
      body.put("urgency", payload.path("urgency").asString());
      body.put("impact", payload.path("impact").asString());
      body.put("correlation_id", correlation);
      body.put("correlation_display", "Kubeward");
      if (config.assignmentGroup() != null && !config.assignmentGroup().isBlank()) {
        body.put("assignment_group", config.assignmentGroup());
      }
      incident = call("POST", "/api/now/table/incident", json.writeValueAsString(body), 201).path("result");
    }
    String sysId = incident.path("sys_id").asString("");
    String number = incident.path("number").asString("");
    if (sysId.isEmpty() || number.isEmpty()) {
      throw new DeliveryException("ServiceNow's answer has no sys_id or number");
    }
    String url = base() + "/nav_to.do?uri=" + URLEncoder.encode("incident.do?sys_id=" + sysId, StandardCharsets.UTF_8);
    findings.setTicket(f.id(), number, sysId, url);
    findings.insertHistory(List.of(new FindingChange(f.id(), clock.instant(), "kubeward", "ticket", null, number,
        "ServiceNow incident opened: " + url)));
  }

  private void resolve(Finding f, OutboxMessage message, JsonNode payload) throws DeliveryException {
    if (f.ticketSysId() == null) {
      if (outbox.pending(Channel.SERVICENOW, CREATE, f.id())) {
        throw new DeliveryException("the incident is not opened yet; waiting for it");
      }
      return; // no incident was ever opened for this finding
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", "6");
    body.put("close_code", "Solution provided");
    body.put("close_notes", payload.path("closeNotes").asString());
    call("PATCH", "/api/now/table/incident/" + URLEncoder.encode(f.ticketSysId(), StandardCharsets.UTF_8),
        json.writeValueAsString(body), 200);
    findings.insertHistory(List.of(new FindingChange(f.id(), clock.instant(), "kubeward", "ticket", f.ticketNumber(),
        f.ticketNumber(), "ServiceNow incident resolved")));
  }

  private JsonNode call(String method, String path, String body, int expected) throws DeliveryException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
        .timeout(config.timeout())
        .header("Accept", "application/json")
        .header("Authorization", authorization());
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> res;
    try {
      res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DeliveryException("ServiceNow is not reachable: " + EmailSender.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while calling ServiceNow", e);
    }
    if (res.statusCode() != expected && !(res.statusCode() >= 200 && res.statusCode() < 300)) {
      throw new DeliveryException("ServiceNow answered " + method + " with HTTP " + res.statusCode());
    }
    try {
      return json.readTree(res.body());
    } catch (RuntimeException e) {
      throw new DeliveryException("ServiceNow's answer is not JSON");
    }
  }

  private String authorization() throws DeliveryException {
    String token = ConfiguredSecret.resolve(config.token(), config.tokenFile(), "ServiceNow token");
    if (token != null) {
      return "Bearer " + token;
    }
    String password = ConfiguredSecret.resolve(config.password(), config.passwordFile(), "ServiceNow password");
    if (config.username() == null || password == null) {
      throw new DeliveryException("ServiceNow credentials are not configured (token, or username and password)");
    }
    return "Basic " + Base64.getEncoder().encodeToString((config.username() + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  private String base() {
    String u = config.instanceUrl().strip();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}
