package dev.kubeward.server.runtime;

import dev.kubeward.runtime.siem.TrustedCa;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.db.IdGenerator;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.KubewardPrincipal;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.workspace.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's SIEM destinations (securityAdmin to change). Webhook secrets are references, never values. */
@RestController
@Tag(name = "Runtime", description = "Security alerts, suppression rules, drift policies, incidents, sensors")
public class SiemController {
  private final SiemDestinations destinations;
  private final WorkspaceService workspaces;
  private final ActivityLog activity;
  private final IdGenerator ids;
  private final Clock clock;

  public SiemController(SiemDestinations destinations, WorkspaceService workspaces, ActivityLog activity,
      IdGenerator ids, Clock clock) {
    this.destinations = destinations;
    this.workspaces = workspaces;
    this.activity = activity;
    this.ids = ids;
    this.clock = clock;
  }

  /** Body of a new destination. */
  public record DestinationRequest(@NotBlank @Size(max = 200) String name, @NotBlank String type,
      @Size(max = 2000) String url, @Size(max = 500) String secretRef, @Size(max = 253) String host, Integer port,
      Boolean tls, @Size(max = TrustedCa.MAX_PEM_CHARS) String caCertificate, Boolean enabled) {}

  /**
   * A destination as the API shows it: the secret appears only as its reference; a syslog TLS CA as its certificate
   * (public) and subjects.
   */
  public record DestinationView(String id, String workspaceId, String name, String type, String url,
      String secretRef, String host, Integer port, Boolean tls, String caCertificate, List<String> caSubjects,
      boolean enabled, Instant createdAt) {
    static DestinationView of(SiemDestinations.Destination d) {
      boolean syslog = "syslog".equals(d.type());
      boolean ca = syslog && !d.caCertificate().isEmpty();
      return new DestinationView(d.id(), d.workspaceId(), d.name(), d.type(), syslog ? null : d.url(),
          syslog ? null : d.secretRef(), syslog ? d.host() : null, syslog ? d.port() : null,
          syslog ? d.tls() : null, ca ? d.caCertificate() : null,
          ca ? TrustedCa.parse(d.caCertificate()).subjects() : null, d.enabled(), d.createdAt());
    }
  }

  @GetMapping("/api/v1/workspaces/{id}/siem-destinations")
  @Operation(summary = "Where the workspace's alerts are streamed")
  public List<DestinationView> list(@PathVariable String id) {
    CurrentUser.require(Role.READER);
    workspaces.workspace(id);
    return destinations.inWorkspace(id).stream().map(DestinationView::of).toList();
  }

  @PostMapping("/api/v1/workspaces/{id}/siem-destinations")
  @Operation(summary = "Add a SIEM destination: an HTTPS webhook (HMAC secret by reference: env:NAME or file:/path)"
      + " or syslog over TCP/TLS (securityAdmin)")
  public ResponseEntity<DestinationView> create(@PathVariable String id, @Valid @RequestBody DestinationRequest b) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    workspaces.workspace(id);
    SiemDestinations.Destination d;
    switch (b.type()) {
      case "webhook" -> {
        URI url;
        try {
          url = URI.create(b.url() == null ? "" : b.url());
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("the webhook URL is not a URL");
        }
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme()) || url.getHost() == null) {
          throw ApiException.badRequest("a webhook destination needs an http or https URL");
        }
        String ref = b.secretRef() == null ? "" : b.secretRef();
        if (!ref.matches("env:[A-Za-z_][A-Za-z0-9_]*|file:/.+")) {
          // Refuse anything else: a literal secret typed here would end up in the database.
          throw ApiException.badRequest("secretRef must name where the HMAC secret is read: env:VARIABLE or"
              + " file:/path; the secret itself is never stored");
        }
        d = new SiemDestinations.Destination(ids.newId(), id, b.name(), "webhook", url.toString(), ref, "", 0, false,
            "", b.enabled() == null || b.enabled(), clock.instant());
      }
      case "syslog" -> {
        if (b.host() == null || b.host().isBlank() || b.port() == null || b.port() < 1 || b.port() > 65535) {
          throw ApiException.badRequest("a syslog destination needs a host and a port from 1 to 65535");
        }
        boolean tls = Boolean.TRUE.equals(b.tls());
        String ca = b.caCertificate() == null ? "" : b.caCertificate().strip();
        if (!ca.isEmpty()) {
          if (!tls) {
            throw ApiException.badRequest("caCertificate is for syslog over TLS; set tls to true or leave it out");
          }
          try {
            TrustedCa.parse(ca);
          } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
          }
        }
        d = new SiemDestinations.Destination(ids.newId(), id, b.name(), "syslog", "", "", b.host(), b.port(),
            tls, ca, b.enabled() == null || b.enabled(), clock.instant());
      }
      default -> throw ApiException.badRequest("unknown destination type '" + b.type() + "'; expected webhook or"
          + " syslog");
    }
    destinations.insert(d);
    activity.record(who.name(), "runtime.siem.create", "siemDestination", d.id(), d.type() + " '" + d.name() + "'");
    return ResponseEntity.status(HttpStatus.CREATED).body(DestinationView.of(d));
  }

  @DeleteMapping("/api/v1/siem-destinations/{destinationId}")
  @Operation(summary = "Remove a SIEM destination (securityAdmin)")
  public ResponseEntity<Void> delete(@PathVariable String destinationId) {
    KubewardPrincipal who = CurrentUser.require(Role.SECURITY_ADMIN);
    if (!destinations.delete(destinationId)) {
      throw ApiException.notFound("SIEM destination", destinationId);
    }
    activity.record(who.name(), "runtime.siem.delete", "siemDestination", destinationId, "destination deleted");
    return ResponseEntity.noContent().build();
  }
}
