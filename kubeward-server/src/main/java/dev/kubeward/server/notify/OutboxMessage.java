package dev.kubeward.server.notify;

import java.time.Instant;

/**
 * A notification in the outbox.
 *
 * @param event what it is about: {@code assigned}, {@code statusChanged}, {@code ticketCreate}, {@code ticketResolve},
 *     {@code digest}
 * @param findingId the finding it concerns, or null (digests, grouped e-mails)
 * @param payload the message, fixed when it was queued (JSON)
 * @param state {@code pending}, {@code sent} or {@code failed} (gave up after the configured attempts)
 */
public record OutboxMessage(long id, Channel channel, String event, Long findingId, String recipient, String payload,
    String state, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt) {

  public static final String PENDING = "pending";
  public static final String SENT = "sent";
  public static final String FAILED = "failed";
}
