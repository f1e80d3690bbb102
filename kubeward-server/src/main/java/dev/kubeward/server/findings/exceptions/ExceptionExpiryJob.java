package dev.kubeward.server.findings.exceptions;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Ends expired exceptions and reopens their findings, every minute by default. */
@Component
public class ExceptionExpiryJob {
  private final ExceptionService exceptions;

  public ExceptionExpiryJob(ExceptionService exceptions) {
    this.exceptions = exceptions;
  }

  @Scheduled(fixedDelayString = "${kubeward.findings.exception-expiry-interval:PT1M}",
      initialDelayString = "${kubeward.findings.exception-expiry-interval:PT1M}")
  public void run() {
    exceptions.expireDue();
  }
}
