package dev.kubeward.server.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due outbox messages. A message that fails is tried again after a wait that doubles each time (capped), so a
 * destination that is down for hours gets everything once it is back; after the configured attempts the message is
 * marked failed and stays visible (and retryable) in the API.
 */
@Component
public class OutboxDispatcher {
  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final int BATCH = 100;

  private final OutboxDao outbox;
  private final Map<Channel, NotificationSender> senders = new EnumMap<>(Channel.class);
  private final NotifyProperties props;
  private final Clock clock;
  private final TransactionTemplate tx;

  public OutboxDispatcher(OutboxDao outbox, List<NotificationSender> senders, NotifyProperties props, Clock clock,
      PlatformTransactionManager transactions) {
    this.outbox = outbox;
    senders.forEach(s -> this.senders.put(s.channel(), s));
    this.props = props;
    this.clock = clock;
    this.tx = new TransactionTemplate(transactions);
  }

  @Scheduled(fixedDelayString = "${kubeward.notify.poll-interval:PT10S}",
      initialDelayString = "${kubeward.notify.poll-interval:PT10S}")
  public void scheduled() {
    try {
      dispatchDue();
    } catch (RuntimeException e) {
      log.warn("sending notifications failed: {}", e.getMessage());
    }
  }

  /**
   * Tries every message that is due now.
   *
   * @return how many were delivered
   */
  public int dispatchDue() {
    int sent = 0;
    for (long id : outbox.due(clock.instant(), BATCH)) {
      Boolean ok = tx.execute(status -> deliver(id));
      if (Boolean.TRUE.equals(ok)) {
        sent++;
      }
    }
    return sent;
  }

  private boolean deliver(long id) {
    Instant now = clock.instant();
    Optional<OutboxMessage> locked = outbox.lockDue(id, now);
    if (locked.isEmpty()) {
      return false;
    }
    OutboxMessage m = locked.get();
    int attempts = m.attempts() + 1;
    NotificationSender sender = senders.get(m.channel());
    String error;
    try {
      if (sender == null || !sender.configured()) {
        throw new NotificationSender.DeliveryException("the " + m.channel().column() + " channel is not configured");
      }
      sender.send(m);
      outbox.markSent(id, attempts, clock.instant());
      return true;
    } catch (NotificationSender.DeliveryException e) {
      error = e.getMessage();
    } catch (RuntimeException e) {
      error = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    if (attempts >= props.maxAttempts()) {
      outbox.markFailed(id, attempts, error);
      log.warn("notification {} ({} {}) failed {} times and is given up: {}", id, m.channel().column(), m.event(),
          attempts, error);
    } else {
      Instant next = now.plus(backoff(attempts));
      outbox.markRetry(id, attempts, next, error);
      log.info("notification {} ({} {}) failed, attempt {}; next try at {}: {}", id, m.channel().column(), m.event(),
          attempts, next, error);
    }
    return false;
  }

  /** Wait after the n-th failed attempt: initial, 2x, 4x, ... capped at the maximum. */
  Duration backoff(int attempts) {
    Duration d = props.backoffInitial();
    for (int i = 1; i < attempts && d.compareTo(props.backoffMax()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(props.backoffMax()) > 0 ? props.backoffMax() : d;
  }
}
