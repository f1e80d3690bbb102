package dev.kubeward.server.notify;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where notifications go, from the server's configuration ({@code kubeward.notify.*} properties or the matching
 * environment variables, e.g. {@code KUBEWARD_NOTIFY_EMAIL_PASSWORD}). Passwords, tokens and secrets come from here or
 * from files ({@code ...-file}), are never stored in the database and never appear in logs or {@link #toString}.
 * A channel without its address ({@code email.host}, {@code servicenow.instance-url}, {@code webhook.url}) is off.
 *
 * @param maxAttempts deliveries tried before a message is marked failed (it can be retried from the API)
 * @param backoffInitial wait after the first failed attempt; doubled after each further one
 * @param backoffMax longest wait between attempts
 * @param dashboardUrl the dashboard's public address, for links in messages
 */
@ConfigurationProperties("kubeward.notify")
public record NotifyProperties(
    @DefaultValue("12") int maxAttempts,
    @DefaultValue("PT30S") Duration backoffInitial,
    @DefaultValue("PT1H") Duration backoffMax,
    @DefaultValue("http://localhost:8080") String dashboardUrl,
    @DefaultValue Email email,
    @DefaultValue ServiceNow servicenow,
    @DefaultValue Webhook webhook) {

  /**
   * SMTP.
   *
   * @param tls {@code starttls} (required STARTTLS, the default), {@code ssl} (implicit TLS, port 465) or {@code none}
   * @param trust hosts whose certificate is trusted without a CA chain (space-separated), for private mail servers
   */
  public record Email(String host, @DefaultValue("587") int port, String username, String password,
      String passwordFile, @DefaultValue("starttls") String tls, String trust,
      @DefaultValue("kubeward@localhost") String from, @DefaultValue("PT20S") Duration timeout) {
    public boolean configured() {
      return host != null && !host.isBlank();
    }

    @Override
    public String toString() {
      return "Email[host=" + host + ", port=" + port + ", username=" + username + ", tls=" + tls + ", from=" + from
          + ", password=" + (password != null || passwordFile != null ? "(set)" : "(none)") + "]";
    }
  }

  /**
   * ServiceNow's Table API. Authenticates with a bearer token when one is given, else with basic auth.
   *
   * @param instanceUrl e.g. {@code https://example.service-now.com}
   * @param assignmentGroup sys_id or name of the group new incidents are assigned to; empty leaves it to ServiceNow
   */
  public record ServiceNow(String instanceUrl, String username, String password, String passwordFile, String token,
      String tokenFile, String assignmentGroup, @DefaultValue("PT20S") Duration timeout) {
    public boolean configured() {
      return instanceUrl != null && !instanceUrl.isBlank();
    }

    @Override
    public String toString() {
      return "ServiceNow[instanceUrl=" + instanceUrl + ", username=" + username + ", credentials="
          + (password != null || passwordFile != null || token != null || tokenFile != null ? "(set)" : "(none)") + "]";
    }
  }

  /**
   * A generic webhook: JSON posted to {@code url}, signed with HMAC-SHA256 of the body when a secret is set.
   */
  public record Webhook(String url, String secret, String secretFile, @DefaultValue("PT20S") Duration timeout) {
    public boolean configured() {
      return url != null && !url.isBlank();
    }

    @Override
    public String toString() {
      return "Webhook[url=" + url + ", secret=" + (secret != null || secretFile != null ? "(set)" : "(none)") + "]";
    }
  }

  /** Nothing configured: no channel sends. */
  public static NotifyProperties none() {
    return new NotifyProperties(12, Duration.ofSeconds(30), Duration.ofHours(1), "http://localhost:8080",
        new Email(null, 587, null, null, null, "starttls", null, "kubeward@localhost", Duration.ofSeconds(20)),
        new ServiceNow(null, null, null, null, null, null, null, Duration.ofSeconds(20)),
        new Webhook(null, null, null, Duration.ofSeconds(20)));
  }
}
