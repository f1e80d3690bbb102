package dev.kubeward.server.notify;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Sends e-mail over SMTP with STARTTLS or implicit TLS and authentication, as configured. */
@Component
public class EmailSender implements NotificationSender {
  private final NotifyProperties.Email config;
  private final JsonMapper json;
  private volatile JavaMailSenderImpl mail;

  public EmailSender(NotifyProperties props, JsonMapper json) {
    this.config = props.email();
    this.json = json;
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public boolean configured() {
    return config.configured();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void send(OutboxMessage message) throws DeliveryException {
    Map<String, Object> payload = json.readValue(message.payload(), Map.class);
    try {
      JavaMailSenderImpl sender = sender();
      MimeMessage mime = sender.createMimeMessage();
      MimeMessageHelper h = new MimeMessageHelper(mime, false, StandardCharsets.UTF_8.name());
      h.setFrom(config.from());
      h.setTo(message.recipient());
      h.setSubject(String.valueOf(payload.get("subject")));
      h.setText(String.valueOf(payload.get("body")), false);
      mime.setHeader("X-Kubeward-Delivery", String.valueOf(message.id()));
      sender.send(mime);
    } catch (MailException | jakarta.mail.MessagingException | IllegalStateException e) {
      throw new DeliveryException("SMTP delivery to " + config.host() + ":" + config.port() + " failed: "
          + rootMessage(e), e);
    }
  }

  private JavaMailSenderImpl sender() {
    JavaMailSenderImpl s = mail;
    if (s == null) {
      s = new JavaMailSenderImpl();
      s.setHost(config.host());
      s.setPort(config.port());
      s.setDefaultEncoding(StandardCharsets.UTF_8.name());
      Properties p = new Properties();
      String timeout = String.valueOf(config.timeout().toMillis());
      p.put("mail.smtp.connectiontimeout", timeout);
      p.put("mail.smtp.timeout", timeout);
      p.put("mail.smtp.writetimeout", timeout);
      String tls = config.tls() == null ? "starttls" : config.tls().toLowerCase(Locale.ROOT);
      switch (tls) {
        case "starttls" -> {
          p.put("mail.smtp.starttls.enable", "true");
          p.put("mail.smtp.starttls.required", "true");
        }
        case "ssl" -> p.put("mail.smtp.ssl.enable", "true");
        case "none" -> { }
        default -> throw new IllegalStateException("kubeward.notify.email.tls must be starttls, ssl or none, was " + tls);
      }
      if (config.trust() != null && !config.trust().isBlank()) {
        // Hosts trusted explicitly (a private CA or a self-signed certificate): their certificate is the check.
        p.put("mail.smtp.ssl.trust", config.trust());
        p.put("mail.smtp.ssl.checkserveridentity", "false");
      } else {
        p.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      if (config.username() != null && !config.username().isBlank()) {
        p.put("mail.smtp.auth", "true");
        s.setUsername(config.username());
        s.setPassword(ConfiguredSecret.resolve(config.password(), config.passwordFile(), "SMTP password"));
      }
      s.setJavaMailProperties(p);
      mail = s;
    }
    return s;
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.strip());
  }
}
