package dev.kubeward.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotifyPropertiesTest {
  @Test
  void credentialsNeverShowInTheirTextForm() {
    NotifyProperties p = new NotifyProperties(3, Duration.ofSeconds(1), Duration.ofMinutes(1), "http://x",
        new NotifyProperties.Email("smtp.example.com", 587, "kw", "smtp-secret-1", null, "starttls", null, "a@b.c",
            Duration.ofSeconds(5)),
        new NotifyProperties.ServiceNow("https://sn.example.com", "kw", "sn-secret-2", null, "sn-token-3", null, null,
            Duration.ofSeconds(5)),
        new NotifyProperties.Webhook("https://hooks.example.com/x", "hook-secret-4", null, Duration.ofSeconds(5)));
    assertThat(p.toString()).doesNotContain("smtp-secret-1", "sn-secret-2", "sn-token-3", "hook-secret-4")
        .contains("smtp.example.com", "(set)");
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    NotifyProperties p = new NotifyProperties(10, Duration.ofSeconds(30), Duration.ofMinutes(5), "http://x",
        NotifyProperties.none().email(), NotifyProperties.none().servicenow(), NotifyProperties.none().webhook());
    OutboxDispatcher d = new OutboxDispatcher(null, java.util.List.of(), p, null, new NoTransactions());
    assertThat(d.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(d.backoff(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(d.backoff(5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(d.backoff(12)).isEqualTo(Duration.ofMinutes(5));
  }

  /** A transaction manager that is never used by the code under test. */
  static final class NoTransactions implements org.springframework.transaction.PlatformTransactionManager {
    @Override
    public org.springframework.transaction.TransactionStatus getTransaction(
        org.springframework.transaction.TransactionDefinition definition) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void commit(org.springframework.transaction.TransactionStatus status) {}

    @Override
    public void rollback(org.springframework.transaction.TransactionStatus status) {}
  }
}
