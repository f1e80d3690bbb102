package dev.kubeward.server.notify;

/** Delivers outbox messages of one channel. Implement as a Spring bean; the dispatcher finds every one. */
public interface NotificationSender {
  Channel channel();

  /** False when the server configuration names no destination for this channel. */
  boolean configured();

  /**
   * Delivers one message.
   *
   * @throws DeliveryException when the destination did not accept it; the message is retried later
   */
  void send(OutboxMessage message) throws DeliveryException;

  /** A delivery that did not succeed; its message must not contain credentials. */
  final class DeliveryException extends Exception {
    public DeliveryException(String message) {
      super(message);
    }

    public DeliveryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
