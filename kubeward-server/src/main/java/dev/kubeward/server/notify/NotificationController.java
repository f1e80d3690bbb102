package dev.kubeward.server.notify;

import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The notification outbox, for operators: what is waiting, what failed, and retrying it (securityAdmin). */
@RestController
@Tag(name = "Notifications", description = "E-mail, ServiceNow and webhook deliveries")
public class NotificationController {
  private final OutboxDao outbox;
  private final WeeklyDigest digest;
  private final Clock clock;

  public NotificationController(OutboxDao outbox, WeeklyDigest digest, Clock clock) {
    this.outbox = outbox;
    this.digest = digest;
    this.clock = clock;
  }

  /** A queued notification; its payload is not shown (it may hold finding details meant for one owner). */
  public record OutboxView(long id, String channel, String event, Long findingId, String recipient, String state,
      int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt) {
    static OutboxView of(OutboxMessage m) {
      return new OutboxView(m.id(), m.channel().column(), m.event(), m.findingId(), m.recipient(), m.state(),
          m.attempts(), m.nextAttemptAt(), m.lastError(), m.createdAt(), m.sentAt());
    }
  }

  /** How many digests were queued. */
  public record DigestView(int queued) {}

  @GetMapping("/api/v1/notifications/outbox")
  @Operation(summary = "Queued, sent and failed notifications, newest first (securityAdmin)")
  public List<OutboxView> list(@RequestParam(required = false) String state,
      @RequestParam(defaultValue = "100") int limit) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    if (state != null && !List.of(OutboxMessage.PENDING, OutboxMessage.SENT, OutboxMessage.FAILED).contains(state)) {
      throw ApiException.badRequest("unknown state '" + state + "'; expected pending, sent or failed");
    }
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("'limit' must be between 1 and 1000, was " + limit);
    }
    return outbox.list(Optional.ofNullable(state), limit).stream().map(OutboxView::of).toList();
  }

  @PostMapping("/api/v1/notifications/outbox/{id}/retry")
  @Operation(summary = "Queue a failed notification again (securityAdmin)")
  public OutboxView retry(@PathVariable long id) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    if (!outbox.retry(id, clock.instant())) {
      throw outbox.find(id).isPresent() ? ApiException.conflict("notification " + id + " has not failed")
          : ApiException.notFound("notification", String.valueOf(id));
    }
    return OutboxView.of(outbox.find(id).orElseThrow());
  }

  @PostMapping("/api/v1/notifications/digest")
  @Operation(summary = "Queue the weekly digest for every owner now (securityAdmin)")
  public DigestView digestNow() {
    CurrentUser.require(Role.SECURITY_ADMIN);
    return new DigestView(digest.queueDigests());
  }
}
