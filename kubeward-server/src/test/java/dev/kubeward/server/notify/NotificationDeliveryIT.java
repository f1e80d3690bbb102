package dev.kubeward.server.notify;

import static dev.kubeward.server.findings.FindingsFixture.CONTRIBUTOR;
import static dev.kubeward.server.findings.FindingsFixture.misconfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.kubeward.model.FindingKind;
import dev.kubeward.model.Severity;
import dev.kubeward.server.findings.Finding;
import dev.kubeward.server.findings.FindingFilter;
import dev.kubeward.server.findings.FindingStatus;
import dev.kubeward.server.findings.FindingsFixture;
import dev.kubeward.server.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Notifications reach real servers — an SMTP server (GreenMail), a ServiceNow-shaped HTTP server, a webhook — and
 * nothing is lost while they are down: the outbox keeps each message and retries it with backoff.
 */
class NotificationDeliveryIT {
  @TempDir
  Path temp;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void assignmentMailWaitsWhileTheMailServerIsDownAndArrivesWhenItIsBack(Supplier<TestDatabase> database)
      throws Exception {
    int port = freePort();
    NotifyProperties props = props(email(port, "none", null), null, null, 12);
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db, props);
      OutboxDispatcher dispatcher = dispatcher(f, props);
      List<Long> ids = assignTwo(f, "ana@example.com");

      assertThat(dispatcher.dispatchDue()).isZero();
      OutboxMessage waiting = f.outbox.list(Optional.empty(), 10).get(0);
      assertThat(waiting.state()).isEqualTo(OutboxMessage.PENDING);
      assertThat(waiting.attempts()).isEqualTo(1);
      assertThat(waiting.lastError()).startsWith("SMTP delivery to 127.0.0.1:" + port + " failed");
      assertThat(waiting.nextAttemptAt()).isEqualTo(f.clock.instant().plusSeconds(30));
      assertThat(dispatcher.dispatchDue()).as("not due again yet").isZero();

      GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      smtp.setUser("kubeward@example.com", "kwmail", "mail-s3cret");
      smtp.start();
      try {
        f.clock.advance(Duration.ofSeconds(31));
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("ana@example.com");
        assertThat(received[0].getSubject()).isEqualTo("Kubeward: 2 findings assigned to you in prod");
        String body = (String) received[0].getContent();
        assertThat(body).contains("KW-001 on a").contains("KW-002 on b").contains("/api/v1/findings/" + ids.get(0));
        assertThat(f.outbox.list(Optional.empty(), 10).get(0).state()).isEqualTo(OutboxMessage.SENT);

        // The weekly digest goes the same way, and says what is overdue.
        f.clock.advance(Duration.ofDays(40));
        assertThat(new WeeklyDigest(f.db.jdbc(), f.outbox, f.settings, f.clusters, props, f.json, f.clock)
            .queueDigests()).isEqualTo(1);
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        MimeMessage digest = smtp.getReceivedMessages()[1];
        assertThat(digest.getSubject()).isEqualTo("Kubeward weekly digest: 2 open, 1 overdue");
        assertThat((String) digest.getContent()).contains("OVERDUE since");
      } finally {
        smtp.stop();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void mailGoesOverImplicitTlsWithAuthentication(Supplier<TestDatabase> database) throws Exception {
    int port = freePort();
    NotifyProperties props = props(email(port, "ssl", "127.0.0.1"), null, null, 3);
    GreenMail smtps = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
    smtps.setUser("kubeward@example.com", "kwmail", "mail-s3cret");
    smtps.start();
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db, props);
      assignTwo(f, "bo@example.com");
      assertThat(dispatcher(f, props).dispatchDue()).as(String.valueOf(f.outbox.list(Optional.empty(), 1))).isEqualTo(1);
      assertThat(smtps.getReceivedMessages()).hasSize(1);
    } finally {
      smtps.stop();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void serviceNowIncidentIsOpenedOnceAfterAnOutageAndResolvedWithTheFinding(Supplier<TestDatabase> database)
      throws Exception {
    int port = freePort();
    Path passwordFile = temp.resolve("sn-password");
    Files.writeString(passwordFile, "sn-pa55word\n");
    NotifyProperties props = props(null, new NotifyProperties.ServiceNow("http://127.0.0.1:" + port, "kubeward", null,
        passwordFile.toString(), null, null, "Platform Security", Duration.ofSeconds(5)), null, 12);
    String auth = "Basic " + Base64.getEncoder().encodeToString("kubeward:sn-pa55word".getBytes(StandardCharsets.UTF_8));
    try (TestDatabase db = database.get(); FakeServiceNow sn = new FakeServiceNow(port, auth)) {
      FindingsFixture f = new FindingsFixture(db, props);
      f.report(FindingKind.MISCONFIGURATION, "posture", misconfig("KW-001", "shop", "a", Severity.CRITICAL));
      long id = f.byRule("KW-001").id();
      f.findings.assign(CONTRIBUTOR, List.of(id), "ana@example.com", null, "");
      OutboxDispatcher dispatcher = dispatcher(f, props);

      assertThat(dispatcher.dispatchDue()).isZero(); // ServiceNow is down
      assertThat(f.outbox.list(Optional.empty(), 10).get(0).lastError()).startsWith("ServiceNow is not reachable");

      sn.start();
      sn.loseNextCreateAnswer = true; // created, but the answer is lost on the way back
      f.clock.advance(Duration.ofSeconds(31));
      assertThat(dispatcher.dispatchDue()).isZero();
      f.clock.advance(Duration.ofSeconds(61));
      assertThat(dispatcher.dispatchDue()).isEqualTo(1);
      assertThat(sn.incidents).as("the retry found the incident instead of opening a second").hasSize(1);
      var incident = sn.incidents.values().iterator().next();
      assertThat(incident).containsEntry("correlation_id", "kubeward-finding-" + id).containsEntry("urgency", "1")
          .containsEntry("assignment_group", "Platform Security");
      assertThat((String) incident.get("short_description")).isEqualTo("[Kubeward] Critical: KW-001 on a");

      Finding withTicket = f.dao.find(id).orElseThrow();
      assertThat(withTicket.ticketNumber()).isEqualTo("INC0010001");
      assertThat(withTicket.ticketUrl()).isEqualTo("http://127.0.0.1:" + port + "/nav_to.do?uri=incident.do%3Fsys_id%3D"
          + incident.get("sys_id"));
      assertThat(f.dao.history(id)).anySatisfy(c -> assertThat(c.field() + " " + c.newValue()).isEqualTo("ticket INC0010001"));

      // Resolving the finding resolves the incident.
      f.findings.changeStatus(CONTRIBUTOR, List.of(id), FindingStatus.RESOLVED, "fixed in chart 1.4");
      assertThat(dispatcher.dispatchDue()).isEqualTo(1);
      assertThat(incident).containsEntry("state", "6").containsEntry("close_code", "Solution provided");
      assertThat((String) incident.get("close_notes")).contains("resolved").contains("fixed in chart 1.4");
      assertThat(sn.requests).allSatisfy(r -> assertThat(r.authorization()).isEqualTo(auth));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void webhookPostsAreSignedRetriedAndGivenUpAfterTheConfiguredAttempts(Supplier<TestDatabase> database)
      throws Exception {
    int port = freePort();
    NotifyProperties props = props(null, null,
        new NotifyProperties.Webhook("http://127.0.0.1:" + port + "/hook", "hook-secret", null, Duration.ofSeconds(5)), 3);
    List<String[]> seen = new ArrayList<>();
    AtomicInteger answers = new AtomicInteger();
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    hook.createContext("/hook", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      synchronized (seen) {
        seen.add(new String[] {ex.getRequestHeaders().getFirst("X-Kubeward-Signature"),
            ex.getRequestHeaders().getFirst("X-Kubeward-Delivery"), body});
      }
      ex.sendResponseHeaders(answers.getAndIncrement() == 0 ? 503 : 204, -1);
      ex.close();
    });
    hook.start();
    try (TestDatabase db = database.get()) {
      FindingsFixture f = new FindingsFixture(db, props);
      assignTwo(f, "ana@example.com");
      OutboxDispatcher dispatcher = dispatcher(f, props);
      assertThat(dispatcher.dispatchDue()).isZero();
      f.clock.advance(Duration.ofSeconds(31));
      assertThat(dispatcher.dispatchDue()).isEqualTo(1);
      assertThat(seen).hasSize(2);
      assertThat(seen.get(0)[1]).isEqualTo(seen.get(1)[1]);
      assertThat(seen.get(1)[0]).isEqualTo("sha256=" + WebhookSender.sign("hook-secret", seen.get(1)[2]));
      assertThat(seen.get(1)[2]).contains("\"type\":\"assigned\"").contains("\"owner\":\"ana@example.com\"");

      // A destination that stays down: after 3 attempts the message is marked failed, and can be retried.
      hook.stop(0);
      f.findings.changeStatus(CONTRIBUTOR, f.list(FindingFilter.all()).stream().map(Finding::id).toList(),
          FindingStatus.IN_PROGRESS, "");
      for (int i = 0; i < 3; i++) {
        dispatcher.dispatchDue();
        f.clock.advance(Duration.ofMinutes(5));
      }
      OutboxMessage failed = f.outbox.list(Optional.of(OutboxMessage.FAILED), 10).get(0);
      assertThat(failed.attempts()).isEqualTo(3);
      assertThat(f.outbox.retry(failed.id(), f.clock.instant())).isTrue();
      assertThat(f.outbox.find(failed.id()).orElseThrow().state()).isEqualTo(OutboxMessage.PENDING);
    } finally {
      hook.stop(0);
    }
  }

  private static List<Long> assignTwo(FindingsFixture f, String owner) {
    f.report(FindingKind.MISCONFIGURATION, "posture", misconfig("KW-001", "shop", "a", Severity.HIGH),
        misconfig("KW-002", "shop", "b", Severity.LOW));
    List<Long> ids = List.of(f.byRule("KW-001").id(), f.byRule("KW-002").id());
    f.findings.assign(CONTRIBUTOR, ids, owner, null, "");
    return ids;
  }

  private static OutboxDispatcher dispatcher(FindingsFixture f, NotifyProperties props) {
    return new OutboxDispatcher(f.outbox, List.of(new EmailSender(props, f.json),
        new ServiceNowSender(props, f.dao, f.outbox, f.json, f.clock), new WebhookSender(props)), props, f.clock, f.tx);
  }

  private static NotifyProperties.Email email(int port, String tls, String trust) {
    return new NotifyProperties.Email("127.0.0.1", port, "kwmail", "mail-s3cret", null, tls, trust,
        "kubeward@example.com", Duration.ofSeconds(5));
  }

  private static NotifyProperties props(NotifyProperties.Email email, NotifyProperties.ServiceNow sn,
      NotifyProperties.Webhook hook, int maxAttempts) {
    NotifyProperties none = NotifyProperties.none();
    return new NotifyProperties(maxAttempts, Duration.ofSeconds(30), Duration.ofHours(1), "https://kubeward.example.com",
        email != null ? email : none.email(), sn != null ? sn : none.servicenow(), hook != null ? hook : none.webhook());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
