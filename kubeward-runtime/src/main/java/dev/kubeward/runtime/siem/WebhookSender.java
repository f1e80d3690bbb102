package dev.kubeward.runtime.siem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Posts {@link WebhookMessage}s. A 2xx answer is success; 408, 429, 5xx and network failures are retryable
 * {@link DeliveryException}s, other answers are not (the destination refuses the message as such).
 */
public final class WebhookSender {
  private final HttpClient client;

  private WebhookSender(HttpClient client) {
    this.client = client;
  }

  /**
   * A sender with its own HTTP client.
   *
   * @param sslContext trust for HTTPS destinations, or null for the JVM default
   */
  public static WebhookSender create(Duration connectTimeout, SSLContext sslContext) {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (sslContext != null) {
      b.sslContext(sslContext);
    }
    return new WebhookSender(b.build());
  }

  /**
   * Delivers one message.
   *
   * @return the HTTP status (2xx)
   * @throws DeliveryException when the destination did not accept it
   */
  public int send(URI url, WebhookMessage message, Duration timeout) throws DeliveryException {
    String scheme = url.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new DeliveryException("webhook URL must be http or https: " + url, false, null);
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    for (Map.Entry<String, String> h : message.headers().entrySet()) {
      req.header(h.getKey(), h.getValue());
    }
    HttpResponse<Void> response;
    try {
      response = client.send(req.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new DeliveryException("webhook " + url.getHost() + " unavailable: " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while delivering to " + url.getHost(), true, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return status;
    }
    boolean retryable = status == 408 || status == 429 || status >= 500;
    throw new DeliveryException("webhook " + url.getHost() + " answered " + status, retryable, null);
  }
}
