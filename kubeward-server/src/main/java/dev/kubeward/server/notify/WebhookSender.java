package dev.kubeward.server.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Posts events as JSON to the configured URL. With a secret, {@code X-Kubeward-Signature: sha256=<hex>} carries the
 * HMAC-SHA256 of the body so the receiver can check who sent it; {@code X-Kubeward-Delivery} is the outbox id, stable
 * across retries, so a receiver can drop duplicates. The URL is never logged (webhook URLs often embed a secret).
 */
@Component
public class WebhookSender implements NotificationSender {
  private final NotifyProperties.Webhook config;
  private final HttpClient http;

  public WebhookSender(NotifyProperties props) {
    this.config = props.webhook();
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public boolean configured() {
    return config.configured();
  }

  @Override
  public void send(OutboxMessage message) throws DeliveryException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.url().strip()))
        .timeout(config.timeout())
        .header("Content-Type", "application/json")
        .header("X-Kubeward-Event", message.event())
        .header("X-Kubeward-Delivery", String.valueOf(message.id()))
        .POST(HttpRequest.BodyPublishers.ofString(message.payload(), StandardCharsets.UTF_8));
    String secret = ConfiguredSecret.resolve(config.secret(), config.secretFile(), "webhook secret");
    if (secret != null) {
      b.header("X-Kubeward-Signature", "sha256=" + sign(secret, message.payload()));
    }
    HttpResponse<Void> res;
    try {
      res = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new DeliveryException("the webhook is not reachable: " + EmailSender.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while calling the webhook", e);
    }
    if (res.statusCode() < 200 || res.statusCode() >= 300) {
      throw new DeliveryException("the webhook answered HTTP " + res.statusCode());
    }
  }

  /** Hex HMAC-SHA256 of a body. */
  public static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
    }
  }
}
