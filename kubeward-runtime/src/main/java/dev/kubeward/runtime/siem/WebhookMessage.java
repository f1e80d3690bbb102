package dev.kubeward.runtime.siem;

import dev.kubeward.runtime.alert.Alert;
import dev.kubeward.runtime.alert.AlertJson;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One webhook delivery: a JSON body and its headers, signed. The signature header is
 * {@code X-Kubeward-Signature: sha256=HEX} where HEX is HMAC-SHA256 over {@code TIMESTAMP + "." + BODY} with the
 * destination's secret, and TIMESTAMP is the {@code X-Kubeward-Timestamp} header (Unix seconds); receivers recompute
 * it and reject old timestamps to stop replays.
 *
 * @param eventType {@code alert.created}, {@code alert.updated}, ...
 * @param deliveryId unique id of this delivery (receivers use it to drop duplicates of retried deliveries)
 * @param body the JSON body
 * @param headers the headers to send, signature included
 */
public record WebhookMessage(String eventType, String deliveryId, byte[] body, Map<String, String> headers) {
  /** Header with the signature. */
  public static final String SIGNATURE_HEADER = "X-Kubeward-Signature";
  /** Header with the signing timestamp (Unix seconds). */
  public static final String TIMESTAMP_HEADER = "X-Kubeward-Timestamp";

  public WebhookMessage {
    body = body.clone();
    headers = Map.copyOf(headers);
  }

  /** Builds and signs the delivery of an alert. */
  public static WebhookMessage of(String eventType, String deliveryId, Alert alert, Instant now, byte[] secret) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", eventType);
    payload.put("deliveryId", deliveryId);
    payload.put("sentAt", now.toString());
    payload.put("alert", AlertJson.toMap(alert));
    byte[] body = AlertJson.write(payload, false).getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(now.getEpochSecond());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", "Kubeward-Webhook/1");
    headers.put("X-Kubeward-Event", eventType);
    headers.put("X-Kubeward-Delivery", deliveryId);
    headers.put(TIMESTAMP_HEADER, timestamp);
    headers.put(SIGNATURE_HEADER, sign(secret, timestamp, body));
    return new WebhookMessage(eventType, deliveryId, body, headers);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** {@code sha256=} and the hex HMAC-SHA256 of {@code timestamp + "." + body}. */
  public static String sign(byte[] secret, String timestamp, byte[] body) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("a webhook secret must not be empty");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      mac.update(body);
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Checks a received signature in constant time; for receivers and tests. */
  public static boolean verify(byte[] secret, String timestamp, byte[] body, String signatureHeader) {
    if (signatureHeader == null) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signatureHeader.getBytes(StandardCharsets.US_ASCII));
  }
}
